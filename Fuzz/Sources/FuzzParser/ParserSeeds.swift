import Foundation
import FuzzSupport

/// Seed files: every .vdl file of the repository's idl/ and of the compiler's negative tests,
/// and hand-written files that reach the corners of the lexer, parser and checker.
enum ParserSeeds {
    static func all(idlRoot: URL) throws -> [Seed] {
        var seeds: [Seed] = []
        let repository = idlRoot.deletingLastPathComponent()
        let trees: [(prefix: String, directory: URL)] = [
            ("idl", idlRoot),
            ("invalid", repository.appendingPathComponent("Tests/VDLCompilerTests/Invalid", isDirectory: true)),
        ]
        for (prefix, directory) in trees {
            guard let files = FileManager.default.enumerator(atPath: directory.path) else { continue }
            var relatives: [String] = []
            while let relative = files.nextObject() as? String {
                if relative.hasSuffix(".vdl") { relatives.append(relative) }
            }
            for relative in relatives.sorted() {
                guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(relative).path) else { continue }
                let name = prefix + "-" + relative.replacingOccurrences(of: "/", with: "-")
                seeds.append(Seed(name, [UInt8](data)))
            }
        }
        for (name, text) in handWritten {
            seeds.append(Seed("tricky-" + name, Array(text.utf8)))
        }
        return seeds
    }

    static let handWritten: [(String, String)] = [
        ("every-declaration", """
            // Package fuzz has one of everything.
            package fuzz

            import (
            \t"security/access"
            \tacl "security/access"
            \t"examples/fortune"
            )

            type Color enum { Red; Green; Blue }
            type Point struct { X, Y int32; Label string = 7 }
            type Shape union { Circle float64; Square Point; Points []Point; Nested ?Tree }
            type Tree struct { Value int64; Left, Right ?Tree; Kids []Tree }
            type (
            \tName string
            \tGrid [2][3]int16
            \tLookup map[Point]set[string]
            \tHash [4]byte
            )
            type Versioned struct { reserved 2, 3; A string; B string = 5 }

            const (
            \tBig = (1 << 70) >> 66
            \tRatio = float32(1.0 / 3)
            \tText = "a\\tb\\n\\"q\\"" + `raw\\n`
            \tOrigin = Point{X: 1, Y: -2}
            \tSome = ?Point(Origin)
            \tNone = ?Point(nil)
            \tShapes = []Shape{{Circle: 1.5}, {Square: {1, 2}}}
            \tTable = map[string]int64{"x": 1, "y": Big}
            \tNames = set[string]{"a", "b"}
            \tKind = typeobject(map[string][]Point)
            \tAny = any(Text)
            \tTag = access.Admin
            \tMask = uint16(^uint16(0) &^ 0xff)
            \tHex = 0x_FF + 0o17 + 0b1010
            \tExp = 1.5e3 * .25
            \tTruth = Big > 1 && !false || Big == 4
            )

            error NotFound(name string, code int32) {NoRetry, "en": "{name} not found ({code})", "fr": "{name}?"}
            error (
            \tBusy() {RetryBackoff}
            \tConflict(p Point) {RetryRefetch, "en": "{p}"}
            )

            type Base interface {
            \tPing(message string) (reply string | error) {acl.Read}
            }

            type Store interface {
            \tBase
            \tPut(key string, value Tree) error {access.Write, "tag"}
            \tGet(key string) (value Tree, found bool | error)
            \tUpload() stream<Point, _> (count int32 | error)
            \tWatch(prefix string) stream<_, Shape> error
            \tChat() stream<string, string> error
            }
            """),
        ("const-arithmetic", """
            package fuzz
            const (
            \tA = 1 << 62
            \tB = A * A * A / (A - 1)
            \tC = int8(-128)
            \tD = uint64(18446744073709551615)
            \tE = float64(1e308) * 10
            \tF = -0.0
            \tG = 7 % 3 + 7 / 2 - (2 ^ 3) | 1 & 3
            \tH = "x" < "y"
            \tI = int32(3.0)
            \tJ = byte('a')
            )
            """),
        ("recursion-and-cycles", """
            package fuzz
            type A struct { B ?B }
            type B struct { A ?A; List []A; M map[string]A }
            type C D
            type D []C
            const X = Y + 1
            const Y = X + 1
            type I interface { J }
            type J interface { I }
            """),
        ("lexer-corners", "package fuzz\r\n/* unterminated comment\r\nconst A = \"abc\\\nconst B = `raw\nstring` // trailing\nconst C = 12abc\nconst D = 1e+\nconst E = 0x\nconst F = 1__0\nconst G = .5\n\u{00e9}\u{1F600} @ # $\n;;;\n"),
        ("missing-pieces", "package fuzz\ntype T struct {\n\tA int32\n\tB\n\t= 3\n}\nconst = 5\nerror E( {\ntype I interface { M(x) (y | ) }\n"),
        ("nesting", "package fuzz\nconst A = ((((((((((((((((((((1))))))))))))))))))))\ntype T [][][][][][][][][][][][][][][][]map[string]?S\ntype S struct { X []set[[4]byte] }\n"),
        ("no-package", "type T struct {}\n"),
        ("empty-package-name", "package\n"),
        ("imports-bad", "package fuzz\nimport \"../etc\"\nimport \"fuzz\"\nimport \"\"\nimport x \"nowhere/at/all\"\n"),
    ]
}
