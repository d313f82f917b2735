package dante.proofs;

/**
 * The paper's objectives in double precision, with their (sub)gradients: the generalized-ReLU
 * GLM (Theorem 1, Corollary 1), the one-layer multi-output net (Theorem 3), the hidden layer
 * with the outer one fixed (Theorems 4–5), sigmoid + binary cross-entropy (Theorem 6) and
 * softmax + cross-entropy (Theorem 7). The generalized ReLU's subgradient is g(0) = a.
 */
public final class Objectives {
    private Objectives() {}

    static double phi(double a, double b, double z) { return z > 0 ? b * z : a * z; }
    static double g(double a, double b, double z) { return z > 0 ? b : a; }

    /**
     * ê(w) = (1/m) Σ (y_i − φ(⟨w, x_i⟩))²; returns the value and writes ∇ê into grad.
     *
     * @param a the slope for x ≤ 0
     * @param b the slope for x &gt; 0
     * @param x the inputs, one per row
     * @param y the targets
     * @param w the weights
     * @param grad where ∇ê goes
     * @return ê(w)
     */
    public static double glm(double a, double b, double[][] x, double[] y, double[] w, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        double loss = 0;
        int m = x.length;
        for (int i = 0; i < m; i++) {
            double z = Slqc.dot(w, x[i]), r = phi(a, b, z) - y[i];
            loss += r * r;
            double c = 2 * r * g(a, b, z) / m;
            for (int j = 0; j < w.length; j++) grad[j] += c * x[i][j];
        }
        return loss / m;
    }

    /**
     * ê(W) = (1/m) Σ ‖y_i − φ(W x_i)‖² for W [c×d] flattened row-major.
     *
     * @param a the slope for x ≤ 0
     * @param b the slope for x &gt; 0
     * @param x the inputs, one per row
     * @param y the targets, one row per input
     * @param w the weights, flattened
     * @param c the number of outputs
     * @param grad where ∇ê goes
     * @return ê(W)
     */
    public static double layer(double a, double b, double[][] x, double[][] y, double[] w, int c, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        int d = x[0].length, m = x.length;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < c; k++) {
                double z = 0;
                for (int j = 0; j < d; j++) z += w[k * d + j] * x[i][j];
                double r = phi(a, b, z) - y[i][k];
                loss += r * r;
                double coef = 2 * r * g(a, b, z) / m;
                for (int j = 0; j < d; j++) grad[k * d + j] += coef * x[i][j];
            }
        }
        return loss / m;
    }

    /**
     * Theorem 4: ê(W1) = (1/m) Σ (y_i − φ(⟨w2, φ(W1ᵀ x_i)⟩))², W1 [d×n] flattened row-major, both
     * activations generalized ReLU (a, b).
     *
     * @param a the slope for x ≤ 0
     * @param b the slope for x &gt; 0
     * @param x the inputs, one per row
     * @param y the targets
     * @param w1 the hidden layer, flattened
     * @param w2 the outer weights
     * @param grad where ∇ê with respect to W1 goes
     * @return ê(W1)
     */
    public static double hidden(double a, double b, double[][] x, double[] y, double[] w1, double[] w2, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        int d = x[0].length, n = w2.length, m = x.length;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            double[] u = new double[n];
            double s = 0;
            for (int h = 0; h < n; h++) {
                for (int j = 0; j < d; j++) u[h] += w1[j * n + h] * x[i][j];
                s += w2[h] * phi(a, b, u[h]);
            }
            double r = phi(a, b, s) - y[i];
            loss += r * r;
            double coef = 2 * r * g(a, b, s) / m;
            for (int j = 0; j < d; j++) for (int h = 0; h < n; h++) grad[j * n + h] += coef * x[i][j] * w2[h] * g(a, b, u[h]);
        }
        return loss / m;
    }

    /**
     * Theorem 5's objective: one hidden layer W1 (d×n, flattened as {@code w1[j·n + h]}), a
     * fixed outer layer {@code w2[k][h]} of c outputs, generalized ReLU on both:
     * ê(W1) = (1/m) Σ_i Σ_k (y_ik − φ(Σ_h w2_kh φ(u_ih)))² with u_i = W1ᵀx_i, and its gradient in W1.
     *
     * @param a the slope for x ≤ 0
     * @param b the slope for x &gt; 0
     * @param x the inputs, one per row
     * @param y the targets, one row per input
     * @param w1 the hidden layer, flattened
     * @param w2 the outer layer, c×n
     * @param grad where ∇ê with respect to W1 goes
     * @return ê(W1)
     */
    public static double hiddenOutputs(double a, double b, double[][] x, double[][] y, double[] w1, double[][] w2, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        int d = x[0].length, c = w2.length, n = w2[0].length, m = x.length;
        double loss = 0;
        double[] u = new double[n], back = new double[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(u, 0);
            java.util.Arrays.fill(back, 0);
            for (int h = 0; h < n; h++) for (int j = 0; j < d; j++) u[h] += w1[j * n + h] * x[i][j];
            for (int k = 0; k < c; k++) {
                double s = 0;
                for (int h = 0; h < n; h++) s += w2[k][h] * phi(a, b, u[h]);
                double r = phi(a, b, s) - y[i][k];
                loss += r * r;
                double coef = 2 * r * g(a, b, s) / m;
                for (int h = 0; h < n; h++) back[h] += coef * w2[k][h];
            }
            for (int j = 0; j < d; j++) for (int h = 0; h < n; h++) grad[j * n + h] += back[h] * g(a, b, u[h]) * x[i][j];
        }
        return loss / m;
    }

    static double sigmoid(double z) { return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)); }

    /**
     * Hazan's GLM: ê(w) = (1/m) Σ (y_i − σ(⟨w, x_i⟩))² and its gradient.
     *
     * @param x the inputs, one per row
     * @param y the targets
     * @param w the weights
     * @param grad where ∇ê goes
     * @return ê(w)
     */
    public static double sigmoidGlm(double[][] x, double[] y, double[] w, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        int m = x.length;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            double s = sigmoid(Slqc.dot(w, x[i])), r = s - y[i];
            loss += r * r;
            double c = 2 * r * s * (1 - s) / m;
            for (int j = 0; j < w.length; j++) grad[j] += c * x[i][j];
        }
        return loss / m;
    }

    /**
     * Theorem 6: (1/m) Σ [log(1 + e^z) − y z] with z = ⟨w, x_i⟩, y ∈ [0, 1].
     *
     * @param x the inputs, one per row
     * @param y the labels in [0, 1]
     * @param w the weights
     * @param grad where the gradient goes
     * @return the mean loss
     */
    public static double logistic(double[][] x, double[] y, double[] w, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        int m = x.length;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            double z = Slqc.dot(w, x[i]);
            loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
            double s = 1 / (1 + Math.exp(-z));
            for (int j = 0; j < w.length; j++) grad[j] += (s - y[i]) * x[i][j] / m;
        }
        return loss / m;
    }

    /**
     * Theorem 7: (1/m) Σ [lse(W x_i) − (W x_i)_{k_i}] for W [c×d] flattened, one-hot labels k_i.
     *
     * @param x the inputs, one per row
     * @param k the labels
     * @param w the weights, flattened c×d
     * @param c the number of classes
     * @param grad where the gradient goes
     * @return the mean loss
     */
    public static double softmax(double[][] x, int[] k, double[] w, int c, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        int d = x[0].length, m = x.length;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            double[] z = new double[c];
            double max = Double.NEGATIVE_INFINITY, se = 0;
            for (int q = 0; q < c; q++) {
                for (int j = 0; j < d; j++) z[q] += w[q * d + j] * x[i][j];
                max = Math.max(max, z[q]);
            }
            for (int q = 0; q < c; q++) se += Math.exp(z[q] - max);
            loss += max + Math.log(se) - z[k[i]];
            for (int q = 0; q < c; q++) {
                double p = Math.exp(z[q] - max) / se - (q == k[i] ? 1 : 0);
                for (int j = 0; j < d; j++) grad[q * d + j] += p * x[i][j] / m;
            }
        }
        return loss / m;
    }
}
