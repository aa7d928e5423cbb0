/// A blessing a client grants the server of a call: the client blesses the server's public key
/// with `extension` and `caveats`, as an extension of `with` (the client's blessings for that
/// server when nil).
public struct Grant: Sendable {
    public var `extension`: String
    public var caveats: [Security.Caveat]
    public var with: Blessings?
    /// Blessings made beforehand, sent as they are instead of blessing the server's key (the
    /// server refuses them, with `vdl.BadArg`, unless they are bound to its key).
    public var prepared: Blessings?

    public init(extension: String, caveats: [Security.Caveat] = [], with: Blessings? = nil) {
        self.extension = `extension`
        self.caveats = caveats
        self.with = with
    }

    /// Grants `blessings` as they are (see ``prepared``).
    public init(blessings: Blessings) {
        self.init(extension: "")
        self.prepared = blessings
    }
}
