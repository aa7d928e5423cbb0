import BigInt

extension DeclarationEmitter {
    mutating func emitConstants(_ constants: [ConstDefinition]) {
        for (index, constant) in constants.enumerated() {
            if index > 0 { writer.line() }
            writer.comment(constant.doc)
            let type = constant.constant.type ?? Self.defaultType(of: constant.constant.value)
            let swiftName = SwiftNames.lowerCamel(constant.name.name)
            if constant.constant.type == nil, !Self.fitsDefaultType(constant.constant.value) {
                // As in Go, an untyped constant may exceed every type if only other constants use it.
                writer.line("// \(constant.name.name) is an untyped constant too large for \(type); other constants can use it, Swift code cannot.")
                continue
            }
            writer.line("public static let \(swiftName): \(mapper.swiftType(type)) = \(mapper.literal(constant.constant.value, type: type))")
        }
    }

    static func fitsDefaultType(_ value: ConstValue) -> Bool {
        switch value {
        case .integer(let i): return i >= BigInt(Int64.min) && i <= BigInt(Int64.max)
        case .float(let r): return r.doubleValue != nil
        default: return true
        }
    }

    /// The type an untyped constant gets when it is declared on its own, as in Go.
    static func defaultType(of value: ConstValue) -> VDLType {
        switch value {
        case .bool: return .primitive(.bool)
        case .integer: return .primitive(.int64)
        case .float: return .primitive(.float64)
        case .string: return .primitive(.string)
        default: return .primitive(.any)
        }
    }
}
