package dante.cli;

import java.util.concurrent.Callable;

import dante.kernels.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "info", description = "JDK, kernels, vector width, threads, the CPU and the features the kernels can use.")
final class InfoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Kernels k = Kernels.best();
        var out = spec.commandLine().getOut();
        out.printf("JDK        %s (%s)%n", Runtime.version(), System.getProperty("java.vm.name"));
        out.printf("kernels    %s%n", k.name());
        out.printf("vector     %d bits%n", k.vectorBits());
        out.printf("threads    %d (of %d processors)%n", k.threads(), Runtime.getRuntime().availableProcessors());
        out.printf("cpu        %s%n", Versions.cpuModel());
        var features = Versions.vectorFeatures();
        out.printf("features   %s%n", features.isEmpty() ? "(not reported by this system)" : String.join(" ", features));
        if (!k.tuning().isEmpty()) out.printf("tuning     %s%n", k.tuning());
        return 0;
    }
}
