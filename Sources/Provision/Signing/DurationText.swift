/// Durations as users write them: a positive whole number and a unit, `ms`, `s`, `m`, `h` or
/// `d` (`500ms`, `30s`, `10m`, `1h`, `7d`).
public enum DurationText {
    /// The duration in milliseconds; throws `InvalidArgument` naming the problem.
    public static func milliseconds(_ text: String) throws -> Int64 {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            // "ms" ends with "s": only accept the unit whose number part is all digits.
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            guard let value = Int64(number), value > 0, value <= Int64.max / scale else {
                throw Provision.InvalidArgument(reason: "duration \"\(text)\" is out of range")
            }
            return value * scale
        }
        throw Provision.InvalidArgument(reason: "duration \"\(text)\" is not a positive number followed by ms, s, m, h or d (e.g. 1h)")
    }
}
