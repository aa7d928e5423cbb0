extension DeclarationEmitter {
    mutating func emitConstants(_ constants: [ConstDefinition]) {
        for (index, constant) in constants.enumerated() {
            if index > 0 { writer.line() }
            writer.comment(constant.doc)
            let type = constant.constant.type ?? Self.defaultType(of: constant.constant.value)
            let swiftName = SwiftNames.lowerCamel(constant.name.name)
            writer.line("public static let \(swiftName): \(mapper.swiftType(type)) = \(mapper.literal(constant.constant.value, type: type))")
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
