import VDLWire

extension Wire.Frame {
    /// The frame's kind ("Hello", "Request", ...), for logs and errors.
    public var kindName: String {
        switch self {
        case .hello: return "Hello"
        case .request: return "Request"
        case .data: return "Data"
        case .response: return "Response"
        case .failure: return "Failure"
        case .cancel: return "Cancel"
        case .credit: return "Credit"
        case .ping: return "Ping"
        case .goAway: return "GoAway"
        case .auth: return "Auth"
        }
    }
}
