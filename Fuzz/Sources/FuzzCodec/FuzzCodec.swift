// Fuzzes the proto3 codec (VDLWire and generated code) on arbitrary bytes.
//
// Each input is decoded as every message type below: the wire frames of VDLTransport (a union, a
// map, packed varints, nested vdl.Error and vdl.Any), vdl.Error, vdl.Any, and the generated types
// of idl/testing/features (every field kind: fixed arrays, sets, maps with struct keys, optional
// and recursive messages, floats, enums, newtypes, any, error, typeobject), generated here by the
// build plugin. Decoding may fail (a WireError); it must not crash. For every value that decodes:
//
// * it encodes without error, and its encoding decodes (the depth limit included);
// * decode(encode(x)) == x (when x == x: a NaN makes a value unequal to itself);
// * the encoding is canonical: encode(decode(encode(x))) is the same bytes;
// * isZeroValue agrees with ==: a value that says it is zero equals the zero value, and a struct
//   encodes to no bytes exactly when it is zero.
//
// A `vdl.Any` found anywhere in those values whose type name is one this harness knows is decoded
// as that type and checked the same way, and a `vdl.Error` with a generated error's ID is converted
// to that error and back.

import FuzzSupport
import VDLRPC
import VDLTransport
import VDLWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = UnsafeRawBufferPointer(inputBuffer(data, size))
    // The wire frames.
    decodeAndCheck(Wire.Frame.self, raw, isStruct: false) { frame in
        switch frame {
        case .failure(let failure): if let error = failure.error { checkError(error) }
        case .goAway(let goAway): if let error = goAway.error { checkError(error) }
        default: break
        }
    }
    decodeAndCheck(Wire.Request.self, raw)
    decodeAndCheck(Wire.Hello.self, raw)
    decodeAndCheck(Wire.Data.self, raw)
    decodeAndCheck(Wire.Failure.self, raw) { if let error = $0.error { checkError(error) } }
    // The runtime's own messages.
    decodeAndCheck(VDLError.self, raw) { checkError($0) }
    decodeAndCheck(VDLAny.self, raw) { checkAny($0) }
    // Generated types with every field kind.
    decodeAndCheck(Features.Everything.self, raw) { value in
        checkAny(value.any)
        if let error = value.err { checkError(error) }
    }
    decodeAndCheck(Features.Shape.self, raw, isStruct: false)
    decodeAndCheck(Features.Tree.self, raw)
    decodeAndCheck(Features.Versioned.self, raw)
    decodeAndCheck(Access.AccessList.self, raw)
    return 0
}

@_cdecl("FuzzCodec_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    writeSeedsIfRequested(CodecSeeds.all)
    return 0
}

// MARK: Messages

/// Decodes `raw` as `M`; when that works, checks the round trip and runs `more` on the value.
func decodeAndCheck<M: ProtoMessage>(
    _ type: M.Type, _ raw: UnsafeRawBufferPointer, isStruct: Bool = true, more: (M) -> Void = { _ in }
) {
    guard let value = try? M(serializedBytes: raw) else { return }
    checkRoundTrip(value, isStruct: isStruct, input: raw)
    more(value)
}

func checkRoundTrip<M: ProtoMessage>(_ value: M, isStruct: Bool, input: UnsafeRawBufferPointer) {
    let name = String(describing: M.self)
    let encoded: [UInt8]
    do {
        encoded = try value.serializedBytes()
    } catch {
        fuzzFailure("\(name) decoded but does not encode: \(error)\n  input: \(hex(input))")
    }
    let again: M
    do {
        again = try M(serializedBytes: encoded)
    } catch {
        fuzzFailure("the encoding of a decoded \(name) does not decode: \(error)\n  encoding: \(hex(encoded))\n  input: \(hex(input))")
    }
    if value == value, again != value {
        fuzzFailure("decode(encode(x)) != x for \(name)\n  x: \(value)\n  decode(encode(x)): \(again)\n  encoding: \(hex(encoded))\n  input: \(hex(input))")
    }
    let reencoded: [UInt8]
    do {
        reencoded = try again.serializedBytes()
    } catch {
        fuzzFailure("a re-decoded \(name) does not encode: \(error)\n  input: \(hex(input))")
    }
    if reencoded != encoded {
        fuzzFailure("the encoding of \(name) is not canonical: \(hex(encoded)) then \(hex(reencoded))\n  input: \(hex(input))")
    }
    if value.isZeroValue, value != M() {
        fuzzFailure("\(name).isZeroValue is true for a value other than the zero value: \(value)\n  input: \(hex(input))")
    }
    if isStruct, value.isZeroValue != encoded.isEmpty {
        fuzzFailure("\(name): isZeroValue is \(value.isZeroValue) but the encoding has \(encoded.count) bytes: \(hex(encoded))\n  input: \(hex(input))")
    }
}

// MARK: vdl.Error

/// Generated errors convert from a matching `vdl.Error` and back to one that converts the same.
func checkError(_ error: VDLError) {
    for parameter in error.parameters { checkAny(parameter) }
    if let notFound = Features.NotFound(error) {
        guard let back = Features.NotFound(notFound.vdlError), back.name == notFound.name, back.code == notFound.code else {
            fuzzFailure("Features.NotFound does not survive vdlError and back: \(error)")
        }
    }
    if let conflict = Features.Conflict(error) {
        guard let back = Features.Conflict(conflict.vdlError), back.point == conflict.point else {
            fuzzFailure("Features.Conflict does not survive vdlError and back: \(error)")
        }
    }
    if let busy = Features.Busy(error), Features.Busy(busy.vdlError) == nil {
        fuzzFailure("Features.Busy does not survive vdlError and back: \(error)")
    }
}

// MARK: vdl.Any

/// The types an `any` may hold that this harness decodes, by VDL type name: scalars, containers
/// (through their wrapper-message codecs) and generated types.
let anyCheckers: [String: @Sendable (VDLAny) -> Void] = [
    "bool": { anyRoundTrip($0, BoolCodec.self) },
    "byte": { anyRoundTrip($0, VarintCodec<UInt8>.self) },
    "uint16": { anyRoundTrip($0, VarintCodec<UInt16>.self) },
    "uint32": { anyRoundTrip($0, VarintCodec<UInt32>.self) },
    "uint64": { anyRoundTrip($0, VarintCodec<UInt64>.self) },
    "int8": { anyRoundTrip($0, ZigZagCodec<Int8>.self) },
    "int16": { anyRoundTrip($0, ZigZagCodec<Int16>.self) },
    "int32": { anyRoundTrip($0, ZigZagCodec<Int32>.self) },
    "int64": { anyRoundTrip($0, ZigZagCodec<Int64>.self) },
    "float32": { anyRoundTrip($0, FloatCodec.self) },
    "float64": { anyRoundTrip($0, DoubleCodec.self) },
    "string": { anyRoundTrip($0, StringCodec.self) },
    "[]byte": { anyRoundTrip($0, BytesCodec.self) },
    "error": { any in
        anyRoundTrip(any, NilableErrorCodec.self)
        // (try? flattens the optional: nil for a failure and for a nil error alike.)
        if let error = try? any.decode(typeName: "error", as: NilableErrorCodec.self) { checkError(error) }
    },
    "typeobject": { anyRoundTrip($0, VDLTypeObject.WireCodec.self) },
    "[]string": { anyRoundTrip($0, ListCodec<StringCodec>.self) },
    "[]int32": { anyRoundTrip($0, ListCodec<ZigZagCodec<Int32>>.self) },
    "[]float64": { anyRoundTrip($0, ListCodec<DoubleCodec>.self) },
    "[][]uint64": { anyRoundTrip($0, ListCodec<ListCodec<VarintCodec<UInt64>>>.self) },
    "set[string]": { anyRoundTrip($0, SetCodec<StringCodec>.self) },
    "set[int64]": { anyRoundTrip($0, SetCodec<ZigZagCodec<Int64>>.self) },
    "map[string]int64": { anyRoundTrip($0, MapCodec<StringCodec, ZigZagCodec<Int64>>.self) },
    "map[int32][]string": { anyRoundTrip($0, MapCodec<ZigZagCodec<Int32>, ListCodec<StringCodec>>.self) },
    "?string": { anyRoundTrip($0, OptionalCodec<StringCodec>.self) },
    "?testing/features.Point": { anyRoundTrip($0, OptionalCodec<Features.Point.WireCodec>.self) },
    "[]testing/features.Point": { anyRoundTrip($0, ListCodec<Features.Point.WireCodec>.self) },
    "any": { any in
        anyRoundTrip(any, VDLAny.WireCodec.self)
        if let inner = try? any.decode(typeName: "any", as: VDLAny.WireCodec.self) { checkAny(inner) }
    },
    Features.Point.vdlTypeName: { anyRoundTrip($0, Features.Point.WireCodec.self) },
    Features.Color.vdlTypeName: { anyRoundTrip($0, Features.Color.WireCodec.self) },
    Features.Name.vdlTypeName: { anyRoundTrip($0, Features.Name.WireCodec.self) },
    Features.Shape.vdlTypeName: { anyRoundTrip($0, Features.Shape.WireCodec.self) },
    Features.Tree.vdlTypeName: { anyRoundTrip($0, Features.Tree.WireCodec.self) },
    Features.Everything.vdlTypeName: { any in
        anyRoundTrip(any, Features.Everything.WireCodec.self)
        if let value = try? any.decode(as: Features.Everything.self) { checkAny(value.any) }
    },
    Access.AccessList.vdlTypeName: { anyRoundTrip($0, Access.AccessList.WireCodec.self) },
    Wire.Frame.vdlTypeName: { anyRoundTrip($0, Wire.Frame.WireCodec.self) },
]

/// Nesting of `any` inside `any` is bounded by the input, but keep the recursion shallow anyway.
nonisolated(unsafe) var anyDepth = 0

func checkAny(_ any: VDLAny) {
    guard let checker = anyCheckers[any.typeName], anyDepth < 16 else { return }
    anyDepth += 1
    defer { anyDepth -= 1 }
    checker(any)
}

/// Decodes the `any` with codec `C`; a value that decodes wraps into an `any` that decodes to an
/// equal value and wraps to the same bytes again.
func anyRoundTrip<C: ProtoCodec>(_ any: VDLAny, _ codec: C.Type) {
    guard let value = try? any.decode(typeName: any.typeName, as: C.self) else { return }
    let name = any.typeName
    let original = hex(any.value)
    // (Results rather than do/catch: Swift 6.3's optimizer crashes on the do/catch form of this
    // generic function, "Found outside of lifetime use" in CopyPropagation.)
    let wrapped: VDLAny
    switch Result(catching: { try VDLAny(encoding: value, typeName: name, as: C.self) }) {
    case .success(let any): wrapped = any
    case .failure(let error): fuzzFailure("an any holding \(name) decoded but does not encode: \(error)\n  value bytes: \(original)")
    }
    let again: C.Value
    switch Result(catching: { try wrapped.decode(typeName: name, as: C.self) }) {
    case .success(let value): again = value
    case .failure(let error): fuzzFailure("a re-wrapped any holding \(name) does not decode: \(error)\n  value bytes: \(hex(wrapped.value))")
    }
    if value == value, again != value {
        fuzzFailure("an any holding \(name) does not round-trip: \(value) then \(again)\n  value bytes: \(original)")
    }
    guard let rewrapped = try? VDLAny(encoding: again, typeName: name, as: C.self), rewrapped == wrapped else {
        fuzzFailure("an any holding \(name) does not encode canonically\n  value bytes: \(original)")
    }
}
