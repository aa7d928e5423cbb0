import Foundation
import Testing
@testable import VDLCompiler

/// The Swift and proto text generated for package `p` (single file `p/p.vdl`).
private func generate(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (swift: String, proto: String) {
    let compilation = try compileSingle(source)
    _ = try checkedPackage(compilation, sourceLocation: sourceLocation)
    let swift = try #require(compilation.swiftFiles(onlyRequested: true).first { $0.path == "p.vdl.swift" }, sourceLocation: sourceLocation)
    let proto = try #require(compilation.protoFiles(onlyRequested: true).first { $0.path == "p/p.proto" }, sourceLocation: sourceLocation)
    return (swift.contents, proto.contents)
}

/// The lines of `text`, without leading and trailing blanks.
private func trimmedLines(_ text: String) -> [String] {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
}

/// Checks that `text` contains every line of `expected` (trimmed), consecutively and in order.
private func expectBlock(_ expected: String, in text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let want = trimmedLines(expected)
    let have = trimmedLines(text)
    let found = have.indices.contains { start in
        start + want.count <= have.count && Array(have[start..<(start + want.count)]) == want
    }
    #expect(found, "missing block:\n\(expected)\n--- in:\n\(text)", sourceLocation: sourceLocation)
}

/// Emitter output for the examples in docs/idl.md.
@Suite("Emitters")
struct EmitterTests {
    @Test func wireNumberExampleProto() throws {
        let (_, proto) = try generate("""
            package p

            type S struct {
            \treserved 2, 4
            \tA string
            \tB string
            \tC string = 10
            \tD string
            \tE string = 18999
            \tF string
            }

            type U union {
            \treserved 1
            \tA int32
            \tB string = 7
            \tC bool
            }
            """)
        expectBlock("""
            message S {
              reserved 2, 4;
              string a = 1;
              string b = 3;
              string c = 10;
              string d = 11;
              string e = 18999;
              string f = 20000;
            }
            """, in: proto)
        expectBlock("""
            message U {
              reserved 1;
              oneof value {
                sint32 a = 2;
                string b = 7;
                bool c = 8;
              }
            }
            """, in: proto)
    }

    /// `type B A` copies A's fields, numbers and reserved numbers into a separate message and struct.
    @Test func newTypeWithTheStructureOfAStruct() throws {
        let (swift, proto) = try generate("""
            package p

            type Point struct {
            \treserved 3
            \tX, Y int32
            }

            // Pos has Point's fields but is a different type.
            type Pos Point
            """)
        expectBlock("message Pos {\nreserved 3;\nsint32 x = 1;\nsint32 y = 2;\n}", in: proto)
        expectBlock("/// Pos has Point's fields but is a different type.\npublic struct Pos: VDLMessage {", in: swift)
    }

    @Test func definedTypesAreDescribedInProto() throws {
        let (swift, proto) = try generate("package p\n\n// Hash is fixed.\ntype Hash [4]byte\n\ntype Tag string\n")
        expectBlock("// Hash is fixed.\n// type Hash [4]byte: fields of this type are encoded as bytes.", in: proto)
        expectBlock("public typealias Hash = [UInt8]", in: swift)
        expectBlock("public struct Tag: VDLNewtype, ExpressibleByStringLiteral, CustomStringConvertible {", in: swift)
    }

    @Test func protoWrappersForNestedContainers() throws {
        let (_, proto) = try generate("""
            package p

            type Color enum {
            \tRed
            }

            type K struct {
            \tByColor map[Color]string
            \tSets    []set[string]
            \tMaps    map[string]map[string]int32
            \tBytes   map[byte]string
            }
            """)
        expectBlock("""
            message K {
              repeated MapOfColorToStringEntry by_color = 1;
              repeated SetOfString sets = 2;
              map<string, MapOfStringToInt32> maps = 3;
              map<uint32, string> bytes = 4;
            }
            """, in: proto)
        expectBlock("message MapOfColorToStringEntry {\nColor key = 1;\nstring value = 2;\n}", in: proto)
        #expect(!proto.contains("import \"vdl/vdl.proto\""), "vdl.proto is imported only when any or error is used")
    }

    @Test func stringConstantsAreEscapedForSwift() throws {
        let (swift, _) = try generate("""
            package p

            const (
            \tI = "tab\\there \\u00e9 \\"q\\" \\\\ \\0 end"
            \tJ = `raw \\n string`
            )
            """)
        expectBlock(#"public static let i: String = "tab\there é \"q\" \\ \0 end""#, in: swift)
        expectBlock(#"public static let j: String = "raw \\n string""#, in: swift)
    }

    @Test func operatorConstantsInSwift() throws {
        let (swift, _) = try generate("""
            package p

            const (
            \tHuge  = 1 << 100
            \tSmall = Huge >> 98
            \tFDiv  = 7.0 / 2
            \tMod   = -7 % 3
            \tNotU  = ^byte(0x0F)
            \tCmp   = 2 < 3 == true
            )
            """)
        expectBlock("""
            // Huge is an untyped constant too large for int64; other constants can use it, Swift code cannot.

            public static let small: Int64 = 4

            public static let fDiv: Double = 3.5

            public static let mod: Int64 = -1

            public static let notU: UInt8 = 240

            public static let cmp: Bool = true
            """, in: swift)
        #expect(!swift.contains("static let huge"))
    }

    @Test func compositeConstantsInSwift() throws {
        let (swift, _) = try generate("""
            package p

            type Point struct { X, Y int32 }
            type Name string

            const (
            \tNested = map[Name][]?Point{"x": {{1, 2}, nil}}
            \tAny1   = any(5)
            \tAny2   = any(Point{X: 1})
            \tArr    = [3]int32{7}
            )
            """)
        expectBlock(#"public static let nested: [Name: [Point?]] = [Name(rawValue: "x"): [Point(x: 1, y: 2), nil]]"#, in: swift)
        expectBlock(#"public static let any1: VDLAny = VDLAny.constant(5, typeName: "int64", as: ZigZagCodec<Int64>.self)"#, in: swift)
        expectBlock(#"public static let any2: VDLAny = VDLAny.constant(Point(x: 1), typeName: "p.Point", as: Point.WireCodec.self)"#, in: swift)
        #expect(swift.contains("public static let arr: [Int32] = [7, 0, 0]"), "\(swift)")
    }

    @Test func keywordNamesAreEscapedInSwift() throws {
        let (swift, _) = try generate("""
            package p

            type S struct {
            \tIn      string
            \tDefault int32
            }

            type I interface {
            \tInit() error
            }
            """)
        #expect(swift.contains("public var `in`: String"))
        #expect(swift.contains("public var `default`: Int32"))
        #expect(swift.contains("func `init`("), "a method Init becomes func `init`(...)")
    }

    @Test func errorMessageTemplateInterpolation() throws {
        let (swift, _) = try generate("""
            package p

            error E(name string, code int32) {"fr": "{name} ?", "en": "say \\"{name}\\" {{x} #{code}"}
            """)
        expectBlock(#"public var message: String { "say \"\(self.name)\" {x} #\(self.code)" }"#, in: swift)
    }

    /// A member named `Init` is stored as `` `init` ``; `self.init = …` would mean initializer
    /// delegation in Swift, so the member access must be escaped too (`` self.`init` ``).
    @Test func memberNamedInitIsEscapedAfterSelf() throws {
        let (swift, _) = try generate("package p\n\ntype S struct {\n\tInit string\n}\n")
        #expect(!swift.contains("self.init = "), "\(swift)")
        #expect(!swift.contains("self.init,"), "\(swift)")
        #expect(swift.contains("self.`init`"), "\(swift)")
    }

    // MARK: Known generation bugs

    /// Method arguments named like the names the generated client and server methods use
    /// themselves (`options: CallOptions`, `context: ServerCallContext`, `_ body:` of a streaming
    /// call, and `transport`/`object`, which the client body reads from `self`) must either be
    /// rejected by the name checks or generated without clashing.
    @Test(
          arguments: ["options", "context", "body", "transport", "object"])
    func argumentsDoNotClashWithGeneratedNames(_ argument: String) throws {
        let compilation = try compileSingle("package p\n\ntype I interface {\n\tGet(\(argument) string) (string | error)\n\tUp(\(argument) string) stream<string, _> error\n}\n")
        compilation.checkGeneratedNames(onlyRequested: true, swift: true, proto: false)
        if compilation.diagnostics.hasErrors { return }  // Rejected with a diagnostic: fine.
        let swift = compilation.swiftFiles(onlyRequested: true).first?.contents ?? ""
        let lines = swift.split(separator: "\n").map(String.init)
        let signatures = lines.filter { $0.contains("func get(") || $0.contains("func up(") }
        #expect(signatures.count == 4, "client and server signatures of Get and Up:\n\(swift)")
        for signature in signatures {
            // Internal parameter names: the word before each ':' inside the parentheses.
            let parameters = signature.drop { $0 != "(" }
            let names = parameters.matches(of: #/(\w+): /#).map { String($0.1) }
            #expect(Set(names).count == names.count, "duplicate parameter in \(signature)")
        }
        // The client must address its own transport and object, not an argument of the same name.
        let clientGet = lines.first { $0.contains("public func get(") } ?? ""
        if clientGet.contains("(\(argument): "), argument == "object" || argument == "transport" {
            let call = try #require(lines.first { $0.contains("transport.unary(") }, "no unary call:\n\(swift)")
            if argument == "transport" {
                #expect(call.contains("self.transport.unary("), "the call uses the transport argument: \(call)")
            } else {
                #expect(!call.contains("object: object,"), "the call goes to the object named by the argument: \(call)")
            }
        }
    }

    /// A type named `Type` or `Protocol` cannot be a member of the package namespace in Swift
    /// (`error: type member must not be named 'Type'`).
    @Test(
          arguments: ["Type", "Protocol"])
    func typeNamedTypeIsRejected(_ name: String) throws {
        let compilation = try compileSingle("package p\n\ntype \(name) struct {\n\tX int32\n}\n")
        compilation.checkGeneratedNames(onlyRequested: true, swift: true, proto: false)
        #expect(compilation.diagnostics.hasErrors, "\(name) as a type name must be reported")
    }
}
