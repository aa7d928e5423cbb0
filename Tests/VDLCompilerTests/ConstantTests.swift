import Testing
@testable import VDLCompiler

/// A readable spelling of a constant value: integers in decimal, floats as exact fractions.
func show(_ value: ConstValue) -> String {
    switch value {
    case .integer(let v): return String(describing: v)
    case .float(let r): return r.description
    case .string(let s): return s.debugDescription
    case .bool(let b): return b ? "true" : "false"
    case .enumLabel(let label, let index): return "\(label)#\(index)"
    case .null: return "nil"
    case .some(let inner): return "some(\(inner.type?.description ?? "untyped") \(show(inner.value)))"
    case .list(let items): return "[" + items.map(show).joined(separator: ", ") + "]"
    case .set(let items): return "set{" + items.map(show).joined(separator: ", ") + "}"
    case .map(let entries): return "{" + entries.map { "\(show($0.key)): \(show($0.value))" }.joined(separator: ", ") + "}"
    case .structure(let fields): return "{" + fields.map { "\($0.name): \(show($0.value))" }.joined(separator: ", ") + "}"
    case .union(let arm, let value): return "{\(arm): \(show(value))}"
    case .typeObject(let type): return "typeobject(\(type))"
    }
}

/// The declarations the expressions below may refer to.
private let prelude = """
    type Color enum {
    \tRed
    \tGreen
    \tBlue
    }

    type Name string

    type Point struct {
    \tX, Y int32
    }

    """

/// Compiles `const X = <expression>` in package `p` (after the prelude).
private func evaluate(_ expression: String) throws -> Compilation {
    try compileSingle("package p\n\n\(prelude)\nconst X = \(expression)\n")
}

@Suite("Constant evaluation")
struct ConstantTests {
    /// (expression, type or "untyped", value).
    @Test(arguments: [
        // Exact big-integer arithmetic beyond 64 bits.
        ("(1 << 70) >> 66", "untyped", "16"),
        ("1 << 70", "untyped", "1180591620717411303424"),
        ("(1 << 64) - 1", "untyped", "18446744073709551615"),
        ("uint64((1 << 64) - 1)", "uint64", "18446744073709551615"),
        ("int64(-1 << 63)", "int64", "-9223372036854775808"),
        ("(1 << 100) / (1 << 98)", "untyped", "4"),
        // Integer division truncates toward zero, as in Go.
        ("7 / 2", "untyped", "3"),
        ("-7 / 2", "untyped", "-3"),
        ("-7 % 2", "untyped", "-1"),
        ("2 + 3 * 4", "untyped", "14"),
        ("(2 + 3) * 4", "untyped", "20"),
        ("0xff &^ 0x0f", "untyped", "240"),
        ("6 & 3 | 8", "untyped", "10"),
        ("6 ^ 3", "untyped", "5"),
        ("^0", "untyped", "-1"),
        ("^uint16(0)", "uint16", "65535"),
        ("^byte(0x0f)", "byte", "240"),
        ("0x10 + 0o17 + 0b11 + 017", "untyped", "49"),
        ("1_000_000", "untyped", "1000000"),
        ("byte(255)", "byte", "255"),
        ("int8(-128)", "int8", "-128"),
        ("int32(2.0)", "int32", "2"),
        ("int32(1e3)", "int32", "1000"),
        ("int32(7) / 2", "int32", "3"),
        // The operator table of docs/idl.md §6.
        ("1 + 2 * 3 << 1", "untyped", "13"),
        ("0xF0 | 0x0F &^ 0x3 ^ 1", "untyped", "253"),
        ("7.0 / 2", "untyped", "7/2"),
        ("-7 % 3", "untyped", "-1"),
        ("^int8(0)", "int8", "-1"),
        ("2 < 3 == true", "untyped", "true"),
        ("1.0 << 3", "untyped", "8"),
        ("1.0 / 3 * 3 == 1", "untyped", "true"),
        ("052", "untyped", "42"),
        ("0x_FF", "untyped", "255"),
        ("1_0.2_5", "untyped", "41/4"),
        // Untyped float arithmetic is exact.
        ("1.0 / 3", "untyped", "1/3"),
        ("1 / 2.0", "untyped", "1/2"),
        ("1 / 2", "untyped", "0"),
        ("2.5e-1", "untyped", "1/4"),
        ("float64(1) / 4", "float64", "1/4"),
        // A typed float holds the value its type can represent (rounded to nearest), as in Go.
        ("float32(1.0 / 3)", "float32", "11184811/33554432"),
        ("float64(0.1)", "float64", "3602879701896397/36028797018963968"),
        ("float64(0.1) == 0.1", "untyped", "true"),
        ("float32(0.5)", "float32", "1/2"),
        ("float64(3)", "float64", "3"),
        // Strings.
        ("\"hello, \" + \"world\"", "untyped", "\"hello, world\""),
        ("Name(\"a\") + \"b\"", "p.Name", "\"ab\""),
        ("`raw\\n`", "untyped", "\"raw\\\\n\""),
        ("\"tab\\there\"", "untyped", "\"tab\\there\""),
        ("\"\\u00e9\"", "untyped", "\"é\""),
        // Comparisons and logic.
        ("1 < 2", "untyped", "true"),
        ("2 <= 1", "untyped", "false"),
        ("1.5 >= 1", "untyped", "true"),
        ("0.1 + 0.2 == 0.3", "untyped", "true"),
        ("\"abc\" < \"abd\"", "untyped", "true"),
        ("\"a\" != \"a\"", "untyped", "false"),
        ("int32(1) == 1", "untyped", "true"),
        ("Color.Blue == Color.Blue", "untyped", "true"),
        ("(1 << 70) > (1 << 69)", "untyped", "true"),
        ("true && !false", "untyped", "true"),
        ("false || 1 > 2", "untyped", "false"),
        // Named values.
        ("Color.Green", "p.Color", "Green#1"),
        ("Point{X: 1, Y: -2}", "p.Point", "{X: 1, Y: -2}"),
        ("Point{Y: 3}", "p.Point", "{Y: 3}"),
        ("Point{4, 5}", "p.Point", "{X: 4, Y: 5}"),
        ("[]Point{{1, 2}, {X: 3}}", "[]p.Point", "[{X: 1, Y: 2}, {X: 3}]"),
        ("[3]int32{1}", "[3]int32", "[1, 0, 0]"),
        ("set[string]{\"a\", \"b\"}", "set[string]", "set{\"a\", \"b\"}"),
        ("map[string]int64{\"x\": 1 << 40}", "map[string]int64", "{\"x\": 1099511627776}"),
        ("?Point(nil)", "?p.Point", "nil"),
        ("?Point{X: 1}", "?p.Point", "some(p.Point {X: 1})"),
        ("any(nil)", "any", "nil"),
        ("error(nil)", "error", "nil"),
        ("any(Point{X: 1})", "any", "some(p.Point {X: 1})"),
        ("Name(\"a\")", "p.Name", "\"a\""),
        ("string(Name(\"x\"))", "string", "\"x\""),
        ("int64(float32(3))", "int64", "3"),
        ("any(1)", "any", "some(int64 1)"),
        ("any(1.5)", "any", "some(float64 3/2)"),
        ("typeobject([]int32)", "typeobject", "typeobject([]int32)"),
    ])
    func evaluates(_ expression: String, _ type: String, _ value: String) throws {
        let constant = try constantValue(try evaluate(expression), "X")
        #expect(constant.type?.description ?? "untyped" == type, "type of \(expression)")
        #expect(show(constant.value) == value, "value of \(expression)")
    }

    /// (expression, part of the error message).
    @Test(arguments: [
        // Typed arithmetic never wraps around.
        ("byte(255) + 1", "constant 256 overflows byte"),
        ("int8(127) + int8(1)", "constant 128 overflows int8"),
        ("uint32(0) - 1", "constant -1 overflows uint32"),
        ("-int32(-2147483648)", "constant 2147483648 overflows int32"),
        ("int8(1) << 7", "constant 128 overflows int8"),
        ("int64(1 << 63)", "constant 9223372036854775808 overflows int64"),
        ("uint64(1 << 64)", "constant 18446744073709551616 overflows uint64"),
        ("float32(1e39)", "overflows float32"),
        ("byte(256)", "constant 256 overflows byte"),
        ("int32(1.5)", "truncated to integer"),
        ("1 / 0", "division by zero"),
        ("1.0 / 0", "division by zero"),
        ("5 % 0", "division by zero"),
        ("int32(1) + int64(2)", "mismatched types int32 and int64"),
        ("int32(\"a\")", "cannot use untyped string constant \"a\" as int32"),
        ("\"a\" + 1", "operator + is not defined"),
        ("\"a\" - \"b\"", "operator - is not defined"),
        ("1.5 % 1", "operator % is not defined on floats"),
        ("!1", "operator ! is not defined"),
        ("1 << -1", "invalid shift count"),
        ("1 << 1.5", "shift count must be an integer"),
        ("Color.Purple", "enum Color has no label Purple"),
        ("Point{Z: 1}", "has no field Z"),
        ("Point{1}", "too few values"),
        ("Point{1, 2, 3}", "too many values"),
        ("Point{X: 1, X: 2}", "duplicate field X"),
        ("[1]int32{1, 2}", "more than its length 1"),
        ("set[int32]{1, 1}", "duplicate element in set literal"),
        ("map[string]int32{\"a\": 1, \"a\": 2}", "duplicate key in map literal"),
        ("Point", "Point is a type, not a constant"),
        ("Undefined", "undefined: Undefined"),
        ("int32(nil)", "nil is only a value of optional, any and error types"),
        ("error(1)", "only nil is an error constant"),
        ("nil", "use of untyped nil in constant X"),
        ("Color.Red.X", "Color.Red is an enum label; it has no member X"),
        ("error(\"x\")", "cannot use untyped string constant \"x\" as error: only nil is an error constant"),
        ("Color(1)", "cannot use untyped integer constant 1 as p.Color"),
        ("Point{X: int64(1)}", "cannot use 1 (int64) as int32"),
        ("Point{N: 1, 2}", "mixture of field: value and positional elements"),
        ("[]int32{0: 1}", "index keys are not supported in list literals"),
        ("{1, 2}", "composite literal needs a type here"),
        ("true + 1", "operator + is not defined on untyped bool constant and untyped integer constant"),
        ("1 << 2.5", "shift count must be an integer, got untyped float constant"),
        ("Point.X", "Point.X: only enum types have labels"),
        ("int64(1e19)", "overflows int64"),
        ("float32(1e40)", "constant 10000000000000000000000000000000000000000 overflows float32"),
    ])
    func rejects(_ expression: String, _ message: String) throws {
        let compilation = try evaluate(expression)
        #expect(compilation.diagnostics.hasErrors, "\(expression) must be rejected")
        #expect(compilation.diagnostics.errors.contains { $0.message.contains(message) },
                "no error mentions \"\(message)\" for \(expression); got:\n\(compilation.diagnostics.errorSummary)")
    }

    /// Composite values that are equal but written differently (fields left out are zero; sets and
    /// maps have no order) compare equal, as docs/idl.md §6 says `==` compares values.
    @Test(
          arguments: [
              "Point{X: 1} == Point{1, 0}",
              "Point{X: 0} == Point{}",
              "Point{Y: 2, X: 1} == Point{1, 2}",
              "set[int32]{1, 2} == set[int32]{2, 1}",
              "map[string]int32{\"a\": 1, \"b\": 2} == map[string]int32{\"b\": 2, \"a\": 1}",
              "map[string]Point{\"a\": {}} == map[string]Point{\"a\": {0, 0}}",
          ])
    func equalCompositeValuesCompareEqual(_ expression: String) throws {
        #expect(show(try constantValue(try evaluate(expression), "X").value) == "true", "\(expression)")
    }

    /// Elements and keys that are equal values, however written, are duplicates. (Undetected, a
    /// duplicate map key makes the generated Swift dictionary literal trap at run time:
    /// "Fatal error: Dictionary literal contains duplicate keys".)
    @Test(
          arguments: [
              ("map[Point]string{{X: 1}: \"a\", {1, 0}: \"b\"}", "duplicate key in map literal"),
              ("map[Point]string{{}: \"a\", {X: 0}: \"b\"}", "duplicate key in map literal"),
              ("set[Point]{{X: 1}, {1, 0}}", "duplicate element in set literal"),
          ])
    func duplicatesWrittenDifferentlyAreRejected(_ expression: String, _ message: String) throws {
        let compilation = try evaluate(expression)
        #expect(compilation.diagnostics.errors.contains { $0.message.contains(message) },
                "\(expression) must be rejected; got:\n\(compilation.diagnostics.errorSummary)")
    }

    @Test func constantsMayReferToLaterConstants() throws {
        let compilation = try compileSingle("""
            package p

            const A = B * 2
            const B = C + 1
            const C = int16(20)
            """)
        #expect(show(try constantValue(compilation, "A").value) == "42")
        #expect(try constantValue(compilation, "A").type == .primitive(.int16), "the type flows through references")
    }

    @Test func selfReferenceIsAnError() throws {
        let compilation = try compileSingle("""
            package p

            const A = B + 1
            const B = A + 1
            """)
        #expect(compilation.diagnostics.errors.contains { $0.message.contains("refers to itself") },
                "\(compilation.diagnostics.errorSummary)")
    }

    @Test func constantsFromAnotherPackage() throws {
        let compilation = try compile([
            "q/q.vdl": "package q\n\ntype Tag string\n\nconst Read = Tag(\"R\")\n",
            "p/p.vdl": "package p\n\nimport \"q\"\n\nconst X = q.Read\nconst Y = q.Tag(\"W\")\n",
        ], packages: ["p"])
        let x = try constantValue(compilation, "X")
        #expect(x.type?.description == "q.Tag" && show(x.value) == "\"R\"")
        #expect(show(try constantValue(compilation, "Y").value) == "\"W\"")
    }

    /// The repository's own constants evaluate to the values their comments promise.
    @Test func repositoryFeatureConstants() throws {
        let compilation = Compilation(idlRoot: TestPaths.idlRoot, packages: ["testing/features"])
        let package = try checkedPackage(compilation, "testing/features")
        let values = Dictionary(uniqueKeysWithValues: package.consts.map { ($0.name.name, $0.constant) })
        #expect(values["Big"].map { show($0.value) } == "16")
        #expect(values["Typed"].map { "\($0.type!) \(show($0.value))" } == "int32 32")
        #expect(values["HalfPi"].map { show($0.value) } == "314159/200000")
        #expect(values["Mask"].map { show($0.value) } == "65280")
        #expect(values["Shifted"].map { show($0.value) } == "128")
        #expect(values["Truth"].map { show($0.value) } == "true")
        #expect(values["Greeting"].map { show($0.value) } == "\"hello, world\"")
    }
}
