/// Splits a byte stream into newline-terminated lines.
struct LineBuffer {
    /// The longest line accepted (one watch event holds one object).
    static let maximumLineLength = 16 << 20

    private var bytes: [UInt8] = []

    mutating func append(_ chunk: some Sequence<UInt8>) {
        bytes.append(contentsOf: chunk)
    }

    /// The next complete line without its newline, or `nil` until one has arrived.
    mutating func nextLine() throws -> [UInt8]? {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            if bytes.count > Self.maximumLineLength {
                throw KubernetesError(
                    statusCode: 200, reason: .invalidResponse,
                    message: "a watch event is longer than \(Self.maximumLineLength) bytes", method: "GET", path: "")
            }
            return nil
        }
        let line = Array(bytes[..<newline])
        bytes.removeSubrange(...newline)
        return line
    }

    /// What is left after the last newline, once the stream has ended; `nil` when nothing is.
    mutating func remainder() -> [UInt8]? {
        defer { bytes.removeAll() }
        return bytes.isEmpty ? nil : bytes
    }
}
