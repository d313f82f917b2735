package dante.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import dante.core.nn.Activation;
import dante.core.nn.Layer;
import dante.core.nn.Loss;
import dante.core.nn.Network;

/** A network's architecture in a form that travels to executors (the parameters travel separately, as one broadcast array). */
record NetSpec(int inputs, List<LayerSpec> layers, String loss) implements Serializable {
    record LayerSpec(int outputs, String activation, boolean bias) implements Serializable {}

    static NetSpec of(Network net) {
        List<LayerSpec> ls = new ArrayList<>();
        for (Layer l : net.layers()) ls.add(new LayerSpec(l.outputs(), l.activation().spec(), l.hasBias()));
        return new NetSpec(net.inputs(), List.copyOf(ls), net.loss().spec());
    }

    /** A fresh network of this architecture (parameters unset). */
    Network build() {
        Network.Builder b = Network.builder(inputs);
        for (LayerSpec l : layers) b.dense(l.outputs(), Activation.parse(l.activation()), l.bias());
        return b.loss(Loss.parse(loss)).build();
    }

    String key() { return inputs + "|" + layers + "|" + loss; }
}
