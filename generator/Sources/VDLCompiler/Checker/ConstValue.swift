import BigInt

/// The value of a constant expression.
public indirect enum ConstValue: Sendable, Hashable {
    case bool(Bool)
    case integer(BigInt)
    case float(Rational)
    case string(String)
    /// A label of an enum type, with its index.
    case enumLabel(String, Int)
    /// Elements of a list, array or set.
    case list([ConstValue])
    case set([ConstValue])
    case map([MapEntry])
    /// Struct fields that were given (others are zero), in declaration order.
    case structure([FieldValue])
    case union(arm: String, ConstValue)
    /// `nil` of an optional, any or error.
    case null
    /// A present value of an optional type, or the value inside an `any`.
    case some(Constant)
    case typeObject(VDLType)

    public struct MapEntry: Sendable, Hashable {
        public let key: ConstValue
        public let value: ConstValue
    }

    public struct FieldValue: Sendable, Hashable {
        public let name: String
        public let value: ConstValue
    }
}

/// A constant with its type; `type == nil` means untyped (bool, integer, float or string).
public struct Constant: Sendable, Hashable {
    public let type: VDLType?
    public let value: ConstValue

    public init(type: VDLType?, value: ConstValue) {
        self.type = type
        self.value = value
    }

    /// Describes an untyped constant's kind for messages ("untyped integer constant").
    public var kindDescription: String {
        if let type { return type.description }
        switch value {
        case .bool: return "untyped bool constant"
        case .integer: return "untyped integer constant"
        case .float: return "untyped float constant"
        case .string: return "untyped string constant"
        default: return "untyped constant"
        }
    }
}
