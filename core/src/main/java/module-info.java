/**
 * Flint core: the strided float32 {@link dev.flint.core.Tensor}, reverse-mode autograd,
 * the public {@link dev.flint.core.GradCheck}, and the compute kernels.
 */
module dev.flint.core {
    // Optional: present when the JVM runs with --add-modules jdk.incubator.vector; otherwise
    // the scalar kernels serve (see dev.flint.core.kernel.VectorSupport).
    requires static jdk.incubator.vector;
    requires org.slf4j;

    exports dev.flint.core;
    exports dev.flint.core.kernel;
}
