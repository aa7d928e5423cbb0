/// One `.vdl` file's text, with the line table diagnostics need.
public struct SourceFile: Sendable {
    /// The path as it should appear in diagnostics (relative to the IDL root when known).
    public let path: String
    /// The file's bytes, as UTF-8.
    public let text: [UInt8]
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in self.text.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// The 1-based line and column (in bytes) of a byte offset.
    public func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : text.count
        if end > start, text[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: text[start..<max(start, end)], as: UTF8.self)
    }
}
