/**
 * Flint core: the strided float32 {@link dev.flint.core.Tensor}, reverse-mode autograd,
 * the public {@link dev.flint.core.GradCheck}, and the compute kernels.
 */
// "module": the qualified exports name modules that are compiled after this one.
@SuppressWarnings("module")
module dev.flint.core {
    // Optional: present when the JVM runs with --add-modules jdk.incubator.vector; otherwise
    // the scalar kernels serve (see dev.flint.core.kernel.runtime.VectorSupport).
    requires static jdk.incubator.vector;
    requires org.slf4j;

    exports dev.flint.core;
    // The kernels are internal: Flint's own modules call them, applications go through the
    // public API (Tensor, the nn functions, dev.flint.core.Flint for threads and caches).
    exports dev.flint.core.kernel.conv to dev.flint.nn;
    exports dev.flint.core.kernel.norm to dev.flint.nn;
    exports dev.flint.core.kernel.pool to dev.flint.nn;
    exports dev.flint.core.kernel.resize to dev.flint.nn, dev.flint.data;
    exports dev.flint.core.kernel.runtime to dev.flint.nn;
}
