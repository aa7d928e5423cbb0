/// Stores a struct field out of line, so that a struct can hold an optional value of its own type
/// (`type Tree struct { Left ?Tree }`), which Swift value types cannot contain directly.
///
/// The box is immutable and shared; setting the property allocates a new box, so values keep
/// value semantics.
@propertyWrapper
public struct VDLBox<Value: Hashable & Sendable>: Hashable, Sendable {
    /// Immutable storage: a `let` of a Sendable type, so sharing it across tasks is safe.
    @usableFromInline
    final class Storage: Sendable {
        @usableFromInline let value: Value
        @usableFromInline init(_ value: Value) { self.value = value }
    }

    @usableFromInline var storage: Storage

    @inlinable
    public init(wrappedValue: Value) { storage = Storage(wrappedValue) }

    @inlinable
    public var wrappedValue: Value {
        get { storage.value }
        set { storage = Storage(newValue) }
    }

    @inlinable
    public static func == (lhs: VDLBox, rhs: VDLBox) -> Bool { lhs.storage.value == rhs.storage.value }

    @inlinable
    public func hash(into hasher: inout Hasher) { hasher.combine(storage.value) }
}
