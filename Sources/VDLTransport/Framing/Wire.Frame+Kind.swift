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

extension Wire.Frame {
    /// The bytes of the frame's payload (arguments, results or a stream item), to size the
    /// encoder's buffer; the other fields are small.
    var payloadSize: Int {
        switch self {
        case .request(let request): return request.arguments.count + request.method.utf8.count + request.object.utf8.count
        case .data(let data): return data.item.count
        case .response(let response): return response.results.count
        default: return 0
        }
    }
}
