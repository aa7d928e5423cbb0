/// A `//` or `/* */` comment, kept so that doc comments can be attached to declarations.
public struct Comment: Sendable, Equatable {
    /// The text without the comment markers, trimmed of one leading space.
    public let text: String
    public let startLine: Int
    public let endLine: Int
    /// True when code precedes the comment on its line (`X int32 // note`): it documents nothing below it.
    public let isTrailing: Bool
}
