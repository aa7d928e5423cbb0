/// A vkube failure, with a message that names the file, field or object at fault.
public struct VKubeError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in words meant for the user.
    public let message: String

    /// A failure described by `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
