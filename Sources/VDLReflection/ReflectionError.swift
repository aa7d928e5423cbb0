/// What goes wrong converting values with a signature: each case names the problem, the
/// argument or field path, and the type expected.
public enum ReflectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A type spelling that does not parse.
    case invalidType(String, String)
    /// A named type the signature has no definition for.
    case unknownType(String)
    /// A JSON value that does not fit the type: path, expected, got.
    case mismatch(path: String, expected: String, got: String)
    /// A value of the right JSON kind that the type cannot hold (range, length, label...).
    case invalidValue(path: String, message: String)
    /// Bytes that do not decode as the type.
    case malformed(path: String, message: String)
    /// A call with too many or too few arguments: `Add takes 1 argument (fortune string), got 2`.
    case argumentCount(String)

    public var description: String {
        switch self {
        case .invalidType(let spelling, let problem): return "invalid type \(spelling): \(problem)"
        case .unknownType(let name): return "the signature has no definition of type \(name)"
        case .mismatch(let path, let expected, let got): return "\(path): expected \(expected), got \(got)"
        case .invalidValue(let path, let message): return "\(path): \(message)"
        case .malformed(let path, let message): return "\(path): cannot decode: \(message)"
        case .argumentCount(let message): return message
        }
    }
}
