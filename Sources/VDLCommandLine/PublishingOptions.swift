import ArgumentParser
import Logging
import VDLNaming
import VDLTransport

/// `--name` and `--namespace-root`, the flags of every server that can publish itself.
public struct PublishingOptions: ParsableArguments {
    @Option(help: "Publish the server under NAME in the mount tables of --namespace-root (repeatable).")
    public var name: [String] = []

    @Option(help: "A mount table to publish --name in, and to resolve names at (repeatable; default $VDL_NAMESPACE_ROOT).")
    public var namespaceRoot: [String] = []

    public init() {}

    /// The namespace roots: the flags, else `$VDL_NAMESPACE_ROOT`.
    public var roots: [String] { Namespace.roots(flags: namespaceRoot) }

    /// The publisher of a server bound to `address`, or nil without `--name`. Run it in the
    /// server's `ServiceGroup` after the server, so that on SIGTERM it unmounts first.
    public func publisher(serving address: ServerAddress, security: TransportSecurity, ttl: Duration = .seconds(60),
                          flags: Mounttable.MountFlag = .init(rawValue: 0), logger: Logger) throws -> Publisher? {
        guard !name.isEmpty else { return nil }
        return Publisher(namespace: try Namespace(roots: roots, security: security), names: name,
                         server: Publisher.serverName(address, security: security), ttl: ttl, flags: flags, logger: logger)
    }
}
