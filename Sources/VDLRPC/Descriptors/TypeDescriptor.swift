/// The structure of one named type an interface uses, for reflection: with the type spellings of
/// the method descriptors, enough to encode and decode any argument without generated code.
///
/// `ServiceDescriptor.types` lists every named type the interface's methods use, transitively
/// (arguments, results, stream items, struct fields, union arms, elements of lists, maps, ...).
public struct TypeDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// What kind of named type it is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `type T struct { ... }`: a proto message with one field per struct field.
        case structure = "struct"
        /// `type T union { ... }`: a proto message with a `oneof` of the arms.
        case union
        /// `type T enum { ... }`: a proto enum, label i has the number i.
        case enumeration = "enum"
        /// `type T U` over a built-in or composite type: encoded exactly as `underlying`.
        case defined
    }

    /// One struct field or union arm.
    public struct Field: Sendable, Hashable {
        /// The name as written in the IDL (`MaybePoint`).
        public let name: String
        /// The type in VDL syntax, named types qualified by package path (`?testing/features.Point`).
        public let type: String
        /// The proto field number.
        public let number: Int
        /// The IDL doc comment.
        public let doc: String

        /// A field or arm; `type` is a VDL spelling with named types qualified by package path.
        public init(name: String, type: String, number: Int, doc: String = "") {
            self.name = name
            self.type = type
            self.number = number
            self.doc = doc
        }
    }

    /// `<package path>.<Name>`, e.g. `testing/features.Point`.
    public let name: String
    public let kind: Kind
    /// The fields of a struct or the arms of a union, in declaration order; empty otherwise.
    public let fields: [Field]
    /// The labels of an enum, in order (label i is encoded as i); empty otherwise.
    public let labels: [String]
    /// The type a defined type is over, in VDL syntax (`[4]byte`); nil for the other kinds.
    public let underlying: String?
    /// The IDL doc comment.
    public let doc: String

    /// A definition; give `fields` for structs and unions, `labels` for enums, `underlying` for defined types.
    public init(name: String, kind: Kind, fields: [Field] = [], labels: [String] = [], underlying: String? = nil, doc: String = "") {
        self.name = name
        self.kind = kind
        self.fields = fields
        self.labels = labels
        self.underlying = underlying
        self.doc = doc
    }

    /// The field or arm with this name, if there is one.
    public func field(named name: String) -> Field? {
        fields.first { $0.name == name }
    }

    /// The qualified name.
    public var description: String { name }
}
