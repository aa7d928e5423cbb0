import BigInt

/// An exact fraction: untyped float constants keep full precision until they get a type, as in Go.
public struct Rational: Sendable, Hashable, CustomStringConvertible {
    public let numerator: BigInt
    /// Always positive; the fraction is in lowest terms.
    public let denominator: BigInt

    public init(_ numerator: BigInt, _ denominator: BigInt = 1) {
        precondition(denominator != 0, "a rational's denominator is never zero; callers check division by zero")
        let divisor = numerator.greatestCommonDivisor(with: denominator)
        let sign: BigInt = denominator < 0 ? -1 : 1
        let g = divisor == 0 ? 1 : divisor
        self.numerator = sign * numerator / g
        self.denominator = sign * denominator / g
    }

    /// Parses a decimal literal like `1.5e-3` (underscores allowed between digits).
    public init?(decimalLiteral text: String) {
        let cleaned = text.replacingOccurrences(of: "_", with: "").lowercased()
        let parts = cleaned.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        guard let mantissa = parts.first else { return nil }
        var exponent = 0
        if parts.count == 2 {
            guard let e = Int(parts[1]), abs(e) <= 10_000 else { return nil }
            exponent = e
        }
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = String(pieces[0])
        let fraction = pieces.count == 2 ? String(pieces[1]) : ""
        guard let digits = BigInt(whole + fraction == "" ? "0" : whole + fraction) else { return nil }
        exponent -= fraction.count
        if exponent >= 0 {
            self.init(digits * BigInt(10).power(exponent))
        } else {
            self.init(digits, BigInt(10).power(-exponent))
        }
    }

    public var isInteger: Bool { denominator == 1 }

    public static func + (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func - (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func * (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.numerator, a.denominator * b.denominator)
    }
    /// nil when dividing by zero.
    public static func / (a: Rational, b: Rational) -> Rational? {
        b.numerator == 0 ? nil : Rational(a.numerator * b.denominator, a.denominator * b.numerator)
    }
    public static prefix func - (a: Rational) -> Rational { Rational(-a.numerator, a.denominator) }

    public static func < (a: Rational, b: Rational) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    /// The nearest Double (round to nearest, ties to even); nil when it overflows to infinity.
    public var doubleValue: Double? {
        if numerator == 0 { return 0 }
        let n = numerator.magnitude
        let d = denominator.magnitude
        // A 63- or 64-bit quotient plus a sticky bit for any remainder, so that the one rounding
        // step, UInt64 -> Double, sees every bit that matters.
        let shift = 63 - (n.bitWidth - d.bitWidth)
        let scaledN = shift >= 0 ? n << shift : n
        let scaledD = shift >= 0 ? d : d << -shift
        var (quotient, remainder) = scaledN.quotientAndRemainder(dividingBy: scaledD)
        var exponent = -shift
        while quotient.bitWidth > 64 {
            if quotient & 1 == 1 { remainder = 1 }
            quotient >>= 1
            exponent += 1
        }
        var bits = UInt64(quotient)
        if remainder != 0 { bits |= 1 }
        let value = Double(sign: numerator < 0 ? .minus : .plus, exponent: exponent, significand: Double(bits))
        return value.isFinite ? value : nil
    }

    /// The exact value of a finite Double.
    public init(exactly value: Double) {
        guard value.isFinite, value != 0 else {
            self.init(0)
            return
        }
        let significand = BigInt(value.significandBitPattern | (value.isNormal ? 1 << 52 : 0))
        let exponent = Int(value.exponent) - 52
        let signed = value < 0 ? -significand : significand
        if exponent >= 0 {
            self.init(signed << exponent)
        } else {
            self.init(signed, BigInt(1) << -exponent)
        }
    }

    public var description: String {
        isInteger ? numerator.description : "\(numerator)/\(denominator)"
    }
}
