import Foundation
import Testing
@testable import VDLCompiler

/// The wire numbers of the fields of `S` in `package p; type S struct { <body> }`.
private func numbers(ofStruct body: String, kind: String = "struct") throws -> [String: Int] {
    let compilation = try compileSingle("package p\n\ntype S \(kind) {\n\(body)\n}\n")
    let list = try fields(compilation, of: "S")
    return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0.number) })
}

@Suite("Wire numbers")
struct WireNumberTests {
    @Test func declarationOrder() throws {
        #expect(try numbers(ofStruct: "A string\nB int32\nC, D bool") == ["A": 1, "B": 2, "C": 3, "D": 4])
    }

    @Test func unionArmsAreNumberedLikeFields() throws {
        #expect(try numbers(ofStruct: "A string\nB int32 = 7\nC bool", kind: "union") == ["A": 1, "B": 7, "C": 8])
    }

    @Test func pinnedNumberIsKept() throws {
        #expect(try numbers(ofStruct: "A string\nB string = 5\nC string") == ["A": 1, "B": 5, "C": 6])
    }

    /// Numbering continues after the previous field's number, even after a lower pinned one.
    @Test func nextNumberFollowsThePreviousField() throws {
        #expect(try numbers(ofStruct: "A string = 10\nB string\nC string = 2\nD string") == ["A": 10, "B": 11, "C": 2, "D": 3])
    }

    /// An automatic number skips numbers already taken by earlier pinned fields.
    @Test func automaticNumberSkipsUsedNumbers() throws {
        #expect(try numbers(ofStruct: "A string = 3\nB string = 1\nC string\nD string") == ["A": 3, "B": 1, "C": 2, "D": 4])
    }

    @Test func reservedNumbersAreSkipped() throws {
        #expect(try numbers(ofStruct: "reserved 2, 3\nA string\nB string\nC string") == ["A": 1, "B": 4, "C": 5])
        #expect(try numbers(ofStruct: "reserved 1\nreserved 4\nA string\nB string\nC string\nD string") == ["A": 2, "B": 3, "C": 5, "D": 6])
    }

    /// A `reserved` line may come after the fields; it still applies to all of them.
    @Test func reservedAfterTheFieldsStillApplies() throws {
        #expect(try numbers(ofStruct: "A string\nB string\nreserved 2") == ["A": 1, "B": 3])
    }

    @Test func protobufReservedRangeIsSkipped() throws {
        #expect(try numbers(ofStruct: "A string = 18999\nB string") == ["A": 18999, "B": 20000])
    }

    @Test func reservedNumbersAreRecordedSorted() throws {
        let compilation = try compileSingle("package p\n\ntype S struct {\n\treserved 9, 2\n\treserved 5\n\tA string\n}\n")
        let package = try checkedPackage(compilation)
        #expect(package.types.first?.reservedNumbers == [2, 5, 9])
    }

    @Test func aNumberReservedTwiceIsAnError() throws {
        let compilation = try compileSingle("package p\n\ntype S struct {\n\treserved 2, 2\n\tA string\n}\n")
        #expect(compilation.diagnostics.errors.contains { $0.message.contains("wire number 2 is reserved twice in S") },
                "\(compilation.diagnostics.errorSummary)")
    }

    /// An automatic number that a later field pins is a conflict, reported rather than silently duplicated.
    @Test func laterPinnedNumberTakenAutomaticallyIsReported() throws {
        let compilation = try compileSingle("package p\n\ntype S struct {\n\tA string\n\tB string\n\tC string = 2\n}\n")
        #expect(compilation.diagnostics.errors.contains { $0.message.contains("wire number 2 of field C is already used by B") },
                "\(compilation.diagnostics.errorSummary)")
    }

    @Test func pinnedNumberMayBeAConstant() throws {
        let compilation = try compileSingle("package p\n\nconst Base = 40\n\ntype S struct {\n\tA string = Base + 2\n\tB string\n}\n")
        let list = try fields(compilation, of: "S")
        #expect(list.map(\.number) == [42, 43])
    }

    @Test func theLargestNumberIsAllowed() throws {
        #expect(try numbers(ofStruct: "A string = 536870911") == ["A": 536_870_911])
    }

    @Test func automaticNumberPastTheMaximumIsAnError() throws {
        let compilation = try compileSingle("package p\n\ntype S struct {\n\tA string = 536870911\n\tB string\n}\n")
        let error = try #require(compilation.diagnostics.errors.first, "no error")
        #expect(error.message.contains("field B of S would get wire number 536870912, beyond the maximum 536870911"), "\(error)")
        #expect(error.location?.line == 5 && error.location?.column == 2)
    }

    @Test func methodArgumentsAndErrorParametersAreNumberedInOrder() throws {
        let compilation = try compileSingle("""
            package p

            error Failed(a string, b, c int32)

            type Service interface {
            \tGet(key string, limit int32) (value string, found bool | error)
            }
            """)
        let package = try checkedPackage(compilation)
        let method = try #require(package.interfaces.first?.methods.first)
        #expect(method.inArgs.map { "\($0.name)=\($0.number)" } == ["key=1", "limit=2"])
        #expect(method.outArgs.map { "\($0.name)=\($0.number)" } == ["value=1", "found=2"])
        #expect(package.errors.first?.parameters.map { "\($0.name)=\($0.number)" } == ["a=1", "b=2", "c=3"])
    }

    /// The numbers reach the proto output: the repository's `Versioned` struct.
    @Test func protoOutputUsesTheAssignedNumbers() throws {
        let compilation = Compilation(idlRoot: TestPaths.idlRoot, packages: ["testing/features"])
        let proto = try #require(compilation.protoFiles(onlyRequested: true).first { $0.path == "testing/features/features.proto" })
        let lines = proto.contents.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let start = try #require(lines.firstIndex(of: "message Versioned {"), "no message Versioned in:\n\(proto.contents)")
        let body = Array(lines[(start + 1)...].prefix { $0 != "}" })
        #expect(body == ["reserved 2, 3;", "string a = 1;", "string b = 5;", "string c = 6;"])
        #expect(lines.contains("string pinned = 100;"))
    }
}
