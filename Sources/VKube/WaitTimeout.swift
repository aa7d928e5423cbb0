/// Durations as `--wait-timeout` takes them: a sequence of numbers with units `ms`, `s`, `m`
/// and `h` (`20m`, `1h30m`, `2.5s`), or a plain number of seconds.
public enum WaitTimeout {
    /// The duration `text` stands for, or `nil` when it is not one.
    public static func parse(_ text: String) -> Duration? {
        if let seconds = Double(text), seconds >= 0, seconds.isFinite { return .milliseconds(Int64(seconds * 1000)) }
        var total: Double = 0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ms": total += value / 1000
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            default: return nil
            }
        }
        guard total.isFinite, total < 1e9 else { return nil }
        return .milliseconds(Int64(total * 1000))
    }
}
