#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `vkube kubectl -- ARGS`: runs `kubectl` on the configured cluster.
public enum Kubectl {
    /// The arguments `kubectl` gets: `--kubeconfig` and `--context` from vkube's flags and
    /// configuration (when set), then `arguments` as given.
    public static func arguments(kubeconfig: String?, context: String?, passing arguments: [String]) -> [String] {
        var result: [String] = []
        if let kubeconfig { result.append("--kubeconfig=\(kubeconfig)") }
        if let context { result.append("--context=\(context)") }
        return result + arguments
    }

    /// Replaces this process with `kubectl` found on `PATH`; returns only by throwing.
    public static func exec(_ arguments: [String]) throws -> Never {
        let argv = (["kubectl"] + arguments).map { strdup($0) } + [nil]
        execvp("kubectl", argv)
        let reason = String(cString: strerror(errno))
        throw VKubeError("cannot run kubectl (looked for it on PATH): \(reason)")
    }
}
