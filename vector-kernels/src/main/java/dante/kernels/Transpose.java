package dante.kernels;

/** Whether GEMM reads an operand as stored ({@code N}) or transposed ({@code T}); never materialized. */
public enum Transpose {
    /** The operand as stored. */
    N,
    /** The operand's transpose. */
    T
}
