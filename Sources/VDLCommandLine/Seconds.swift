import ArgumentParser

/// A number of seconds on the command line (`--timeout 2.5`).
///
/// It is checked when parsed: a positive, finite number of at most a year. A value such as
/// `1e30` or `inf` is then an argument error naming the option, not a crash when it becomes a
/// `Duration`.
public struct Seconds: ExpressibleByArgument, ExpressibleByIntegerLiteral, Sendable, Equatable {
    /// The longest accepted value: one year.
    public static let maximum: Double = 365 * 86_400

    public let value: Double

    public init?(argument: String) {
        guard let value = Double(argument), value > 0, value <= Self.maximum else { return nil }
        self.value = value
    }

    /// For defaults written in code.
    public init(integerLiteral value: Int) {
        precondition(value > 0 && Double(value) <= Self.maximum, "a default of \(value) seconds is out of range")
        self.value = Double(value)
    }

    public var duration: Duration { .nanoseconds(Int64(value * 1e9)) }

    public var defaultValueDescription: String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
