/// `<package path>.<Name>`: the identity of a named type, constant, error or interface.
public struct QualifiedName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let package: String
    public let name: String

    public init(package: String, name: String) {
        self.package = package
        self.name = name
    }

    public var description: String { "\(package).\(name)" }

    public static func < (lhs: QualifiedName, rhs: QualifiedName) -> Bool {
        (lhs.package, lhs.name) < (rhs.package, rhs.name)
    }
}

/// The built-in types.
public enum Primitive: String, Sendable, Hashable, CaseIterable {
    case bool, byte, int8, int16, int32, int64, uint16, uint32, uint64, float32, float64
    case string, any, typeobject, error

    public var isInteger: Bool {
        switch self {
        case .byte, .int8, .int16, .int32, .int64, .uint16, .uint32, .uint64: return true
        default: return false
        }
    }
    public var isSigned: Bool { [.int8, .int16, .int32, .int64].contains(self) }
    public var isFloat: Bool { self == .float32 || self == .float64 }
    public var isNumeric: Bool { isInteger || isFloat }

    /// The bit width of integer types.
    public var bits: Int {
        switch self {
        case .byte, .int8: return 8
        case .int16, .uint16: return 16
        case .int32, .uint32, .float32: return 32
        default: return 64
        }
    }
}

/// A resolved type: built-in, composite, or a reference to a named definition.
public indirect enum VDLType: Sendable, Hashable, CustomStringConvertible {
    case primitive(Primitive)
    case list(VDLType)
    case array(Int, VDLType)
    case set(VDLType)
    case map(VDLType, VDLType)
    case optional(VDLType)
    case named(QualifiedName)

    /// The canonical VDL spelling, with named types fully qualified (`[]examples/fortune.Point`).
    public var description: String {
        switch self {
        case .primitive(let p): return p.rawValue
        case .list(let e): return "[]\(e)"
        case .array(let n, let e): return "[\(n)]\(e)"
        case .set(let k): return "set[\(k)]"
        case .map(let k, let v): return "map[\(k)]\(v)"
        case .optional(let e): return "?\(e)"
        case .named(let q): return q.description
        }
    }

    /// The spelling as seen from inside `package` (its own types unqualified, others by package name).
    public func spelled(from package: String) -> String {
        switch self {
        case .primitive(let p): return p.rawValue
        case .list(let e): return "[]\(e.spelled(from: package))"
        case .array(let n, let e): return "[\(n)]\(e.spelled(from: package))"
        case .set(let k): return "set[\(k.spelled(from: package))]"
        case .map(let k, let v): return "map[\(k.spelled(from: package))]\(v.spelled(from: package))"
        case .optional(let e): return "?\(e.spelled(from: package))"
        case .named(let q):
            return q.package == package ? q.name : "\(q.package.split(separator: "/").last.map(String.init) ?? q.package).\(q.name)"
        }
    }

    public static let bool = VDLType.primitive(.bool)
    public static let string = VDLType.primitive(.string)
    public static let error = VDLType.primitive(.error)
}
