import VDLWire

/// A typed error generated from an IDL `error` definition: it converts to and from the wire
/// `VDLError`. Servers turn thrown errors of this kind into error frames with their ID.
public protocol VDLErrorConvertible: Error, Sendable, CustomStringConvertible {
    /// `<package path>.<Name>`.
    static var id: String { get }
    static var retryAction: RetryAction { get }
    /// The wire form: ID, retry action, message and parameters.
    var vdlError: VDLError { get }
    /// Decodes the typed error; nil when the ID or parameters do not match.
    init?(_ error: VDLError)
}

extension VDLErrorConvertible {
    public var description: String { vdlError.description }

    /// Whether a received error is this one (`catch let e as VDLError where NoFortunes.matches(e)`).
    public static func matches(_ error: any Error) -> Bool {
        (error as? VDLError)?.id == id
    }
}

extension VDLError {
    /// The wire form of any error thrown by a method implementation: typed VDL errors keep their
    /// ID; anything else becomes an internal error carrying its description.
    public init(converting error: any Error) {
        switch error {
        case let error as VDLError: self = error
        case let error as any VDLErrorConvertible: self = error.vdlError
        case is CancellationError: self = StandardErrors.canceled("the call was canceled")
        default: self = StandardErrors.internal(String(describing: error))
        }
    }
}
