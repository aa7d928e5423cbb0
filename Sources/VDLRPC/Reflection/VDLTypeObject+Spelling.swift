import VDLWire

extension VDLTypeObject {
    /// The type object of a VDL spelling; `any` is the zero type object (the empty string).
    static func spelled(_ type: String) -> VDLTypeObject {
        VDLTypeObject(rawValue: type == "any" ? "" : type)
    }

    /// The VDL spelling, `any` for the zero type object.
    var spelling: String { rawValue.isEmpty ? "any" : rawValue }
}
