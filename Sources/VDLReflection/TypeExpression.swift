/// A VDL type as spelled in descriptors (`map[string][]testing/features.Point`), parsed.
public indirect enum TypeExpression: Sendable, Hashable, CustomStringConvertible {
    /// A built-in type: `bool`, `byte`, `int8`...`int64`, `uint16`...`uint64`, `float32`,
    /// `float64`, `string`, `any`, `typeobject`, `error`.
    case builtin(Builtin)
    case list(TypeExpression)
    case array(Int, TypeExpression)
    case set(TypeExpression)
    case map(TypeExpression, TypeExpression)
    case optional(TypeExpression)
    /// A named type, qualified by package path (`testing/features.Point`).
    case named(String)

    /// The built-in types.
    public enum Builtin: String, Sendable, Hashable, CaseIterable {
        case bool, byte, int8, int16, int32, int64, uint16, uint32, uint64, float32, float64
        case string, any, typeobject, error
    }

    /// The canonical spelling.
    public var description: String {
        switch self {
        case .builtin(let b): return b.rawValue
        case .list(let e): return "[]\(e)"
        case .array(let n, let e): return "[\(n)]\(e)"
        case .set(let k): return "set[\(k)]"
        case .map(let k, let v): return "map[\(k)]\(v)"
        case .optional(let e): return "?\(e)"
        case .named(let name): return name
        }
    }

    /// Parses a VDL type spelling.
    public init(parsing spelling: String) throws(ReflectionError) {
        var parser = Parser(text: Array(spelling.unicodeScalars), spelling: spelling)
        let type = try parser.type()
        guard parser.index == parser.text.count else {
            throw ReflectionError.invalidType(spelling, "unexpected text at offset \(parser.index)")
        }
        self = type
    }

    private struct Parser {
        static let maxArrayLength = 1 << 20
        let text: [Unicode.Scalar]
        let spelling: String
        var index = 0

        func startsWith(_ prefix: String) -> Bool {
            let p = Array(prefix.unicodeScalars)
            return index + p.count <= text.count && Array(text[index..<index + p.count]) == p
        }

        mutating func expect(_ c: Unicode.Scalar) throws(ReflectionError) {
            guard index < text.count, text[index] == c else {
                throw ReflectionError.invalidType(spelling, "expected \(c) at offset \(index)")
            }
            index += 1
        }

        mutating func type() throws(ReflectionError) -> TypeExpression {
            guard index < text.count else { throw ReflectionError.invalidType(spelling, "a type is missing at the end") }
            if startsWith("[]") {
                index += 2
                return .list(try type())
            }
            if text[index] == "[" {
                index += 1
                let start = index
                while index < text.count, ("0"..."9").contains(text[index]) { index += 1 }
                guard let n = Int(String(String.UnicodeScalarView(text[start..<index]))) else {
                    throw ReflectionError.invalidType(spelling, "expected an array length at offset \(start)")
                }
                // Spellings may come from a server: bound what a zero value would allocate.
                guard n <= Self.maxArrayLength else {
                    throw ReflectionError.invalidType(spelling, "array length \(n) is above the limit of \(Self.maxArrayLength)")
                }
                try expect("]")
                return .array(n, try type())
            }
            if startsWith("set[") {
                index += 4
                let key = try type()
                try expect("]")
                return .set(key)
            }
            if startsWith("map[") {
                index += 4
                let key = try type()
                try expect("]")
                return .map(key, try type())
            }
            if text[index] == "?" {
                index += 1
                return .optional(try type())
            }
            let start = index
            while index < text.count, text[index] != "[", text[index] != "]" { index += 1 }
            let name = String(String.UnicodeScalarView(text[start..<index]))
            guard !name.isEmpty else { throw ReflectionError.invalidType(spelling, "expected a type name at offset \(start)") }
            if let builtin = Builtin(rawValue: name) { return .builtin(builtin) }
            guard name.contains(".") else {
                throw ReflectionError.invalidType(spelling, "\(name) is neither a built-in type nor qualified by its package path")
            }
            return .named(name)
        }
    }
}
