import VDLWire

// Hand-written conformances in the shape `vdlc` emits, used by the tests.

/// `type Color enum { Red; Green; Blue }`
enum Color: Int32, VDLEnum {
    case red = 0, green = 1, blue = 2
    static var vdlTypeName: String { "test.Color" }
    var vdlLabel: String {
        switch self {
        case .red: return "Red"
        case .green: return "Green"
        case .blue: return "Blue"
        }
    }
}

/// `type Tag string`
struct Tag: VDLNewtype {
    typealias UnderlyingCodec = StringCodec
    var rawValue: String
    init(rawValue: String) { self.rawValue = rawValue }
    static var vdlTypeName: String { "test.Tag" }
}

/// `type Point struct { X, Y int32 }`
struct Point: VDLMessage {
    var x: Int32 = 0
    var y: Int32 = 0
    static var vdlTypeName: String { "test.Point" }

    init() {}
    init(x: Int32, y: Int32) { self.x = x; self.y = y }

    func encode(to writer: inout ProtoWriter) throws {
        try writer.write(x, field: 1, as: ZigZagCodec<Int32>.self)
        try writer.write(y, field: 2, as: ZigZagCodec<Int32>.self)
    }

    init(from reader: inout ProtoReader) throws {
        self.init()
        while let tag = try reader.nextField() {
            switch tag.number {
            case 1: x = try reader.read(tag, as: ZigZagCodec<Int32>.self)
            case 2: y = try reader.read(tag, as: ZigZagCodec<Int32>.self)
            default: try reader.skip(tag)
            }
        }
    }
}

/// `type Shape union { Radius float64; Label string; Origin Point }`
enum Shape: VDLMessage {
    case radius(Double)
    case label(String)
    case origin(Point)

    static var vdlTypeName: String { "test.Shape" }
    init() { self = .radius(0) }

    func encode(to writer: inout ProtoWriter) throws {
        switch self {
        case .radius(let v): try writer.writePresent(v, field: 1, as: DoubleCodec.self)
        case .label(let v): try writer.writePresent(v, field: 2, as: StringCodec.self)
        case .origin(let v): try writer.writePresent(v, field: 3, as: MessageCodec<Point>.self)
        }
    }

    init(from reader: inout ProtoReader) throws {
        self.init()
        while let tag = try reader.nextField() {
            switch tag.number {
            case 1: self = .radius(try reader.read(tag, as: DoubleCodec.self))
            case 2: self = .label(try reader.read(tag, as: StringCodec.self))
            case 3: self = .origin(try reader.read(tag, as: MessageCodec<Point>.self))
            default: try reader.skip(tag)
            }
        }
    }
}

/// A self-referential struct (`type Node struct { Value int32; Next ?Node }`); the optional
/// child is stored in an array because a struct cannot contain itself directly.
struct Node: VDLMessage {
    var value: Int32 = 0
    private var storage: [Node] = []
    var next: Node? {
        get { storage.first }
        set { storage = newValue.map { [$0] } ?? [] }
    }
    static var vdlTypeName: String { "test.Node" }
    init() {}

    /// A chain of `depth` nodes (the outermost included).
    static func chain(_ depth: Int) -> Node {
        var node = Node()
        node.value = 1
        for i in 1..<max(depth, 1) {
            var parent = Node()
            parent.value = Int32(i + 1)
            parent.next = node
            node = parent
        }
        return node
    }

    func encode(to writer: inout ProtoWriter) throws {
        try writer.write(value, field: 1, as: ZigZagCodec<Int32>.self)
        try writer.writeOptional(next, field: 2, as: MessageCodec<Node>.self)
    }

    init(from reader: inout ProtoReader) throws {
        self.init()
        while let tag = try reader.nextField() {
            switch tag.number {
            case 1: value = try reader.read(tag, as: ZigZagCodec<Int32>.self)
            case 2: next = try reader.read(tag, as: MessageCodec<Node>.self)
            default: try reader.skip(tag)
            }
        }
    }
}

/// A struct with a field of every codec kind.
struct EveryKind: VDLMessage {
    var flag = false                          // 1  bool
    var byte: UInt8 = 0                       // 2  byte -> uint32
    var u16: UInt16 = 0                       // 3  uint16 -> uint32
    var u32: UInt32 = 0                       // 4  uint32
    var u64: UInt64 = 0                       // 5  uint64
    var i8: Int8 = 0                          // 6  int8 -> sint32
    var i16: Int16 = 0                        // 7  int16 -> sint32
    var i32: Int32 = 0                        // 8  int32 -> sint32
    var i64: Int64 = 0                        // 9  int64 -> sint64
    var plain32: Int32 = 0                    // 10 int32 (two's complement varint)
    var plain64: Int64 = 0                    // 11 int64
    var fixed32: UInt32 = 0                   // 12 fixed32
    var fixed64: UInt64 = 0                   // 13 fixed64
    var sfixed32: Int32 = 0                   // 14 sfixed32
    var sfixed64: Int64 = 0                   // 15 sfixed64
    var float: Float = 0                      // 16 float
    var double: Double = 0                    // 17 double
    var text = ""                             // 18 string
    var blob: [UInt8] = []                    // 19 bytes
    var color = Color.red                     // 20 enum
    var point = Point()                       // 21 message
    var maybePoint: Point? = nil              // 22 optional message
    var numbers: [Int32] = []                 // 23 repeated sint32, packed
    var names: [String] = []                  // 24 repeated string, unpacked
    var points: [Point] = []                  // 25 repeated message
    var colors: Set<Color> = []               // 26 set of enum (packed)
    var nameSet: Set<String> = []             // 27 set of string (unpacked)
    var scores: [String: Int64] = [:]         // 28 map<string, sint64>
    var pointsByID: [UInt32: Point] = [:]     // 29 map<uint32, Point>
    var matrix: [[Int32]] = []                // 30 list of lists via ListCodec
    var triple: [Double] = [0, 0, 0]          // 31 [3]float64
    var tag = Tag(rawValue: "")               // 32 newtype string
    var optNumber: Int64? = nil               // 33 OptionalCodec<sint64>
    var listOfMaps: [[String: Int32]] = []    // 34 repeated MapCodec
    var setOfSets: Set<Set<Int32>> = []       // 35 set of SetCodec
    var anyValue = VDLAny()                   // 36 any
    var error: VDLError? = nil                // 37 optional error
    var bools: [Bool] = []                    // 38 repeated bool, packed
    var fixedList: [UInt32] = []              // 39 repeated fixed32, packed
    var doubles: [Double] = []                // 40 repeated double, packed
    var pointPair: [Point] = [Point(), Point()] // 41 [2]Point
    var shape = Shape()                       // 42 union
    var listOfOptionals: [Int32?] = []        // 43 repeated OptionalCodec<sint32>
    var mapOfLists: [String: [Int32]] = [:]   // 44 map<string, ListCodec<sint32>>

    static var vdlTypeName: String { "test.EveryKind" }
    init() {}

    func encode(to w: inout ProtoWriter) throws {
        try w.write(flag, field: 1, as: BoolCodec.self)
        try w.write(byte, field: 2, as: VarintCodec<UInt8>.self)
        try w.write(u16, field: 3, as: VarintCodec<UInt16>.self)
        try w.write(u32, field: 4, as: VarintCodec<UInt32>.self)
        try w.write(u64, field: 5, as: VarintCodec<UInt64>.self)
        try w.write(i8, field: 6, as: ZigZagCodec<Int8>.self)
        try w.write(i16, field: 7, as: ZigZagCodec<Int16>.self)
        try w.write(i32, field: 8, as: ZigZagCodec<Int32>.self)
        try w.write(i64, field: 9, as: ZigZagCodec<Int64>.self)
        try w.write(plain32, field: 10, as: SignedVarintCodec<Int32>.self)
        try w.write(plain64, field: 11, as: SignedVarintCodec<Int64>.self)
        try w.write(fixed32, field: 12, as: Fixed32Codec.self)
        try w.write(fixed64, field: 13, as: Fixed64Codec.self)
        try w.write(sfixed32, field: 14, as: SFixed32Codec.self)
        try w.write(sfixed64, field: 15, as: SFixed64Codec.self)
        try w.write(float, field: 16, as: FloatCodec.self)
        try w.write(double, field: 17, as: DoubleCodec.self)
        try w.write(text, field: 18, as: StringCodec.self)
        try w.write(blob, field: 19, as: BytesCodec.self)
        try w.write(color, field: 20, as: EnumCodec<Color>.self)
        try w.write(point, field: 21, as: MessageCodec<Point>.self)
        try w.writeOptional(maybePoint, field: 22, as: MessageCodec<Point>.self)
        try w.writeRepeated(numbers, field: 23, as: ZigZagCodec<Int32>.self)
        try w.writeRepeated(names, field: 24, as: StringCodec.self)
        try w.writeRepeated(points, field: 25, as: MessageCodec<Point>.self)
        try w.writeSet(colors, field: 26, as: EnumCodec<Color>.self)
        try w.writeSet(nameSet, field: 27, as: StringCodec.self)
        try w.writeMap(scores, field: 28, key: StringCodec.self, value: ZigZagCodec<Int64>.self)
        try w.writeMap(pointsByID, field: 29, key: VarintCodec<UInt32>.self, value: MessageCodec<Point>.self)
        try w.writeRepeated(matrix, field: 30, as: ListCodec<ZigZagCodec<Int32>>.self)
        try w.writeArray(triple, count: 3, field: 31, as: DoubleCodec.self)
        try w.write(tag, field: 32, as: NewtypeCodec<Tag, StringCodec>.self)
        try w.write(optNumber, field: 33, as: OptionalCodec<ZigZagCodec<Int64>>.self)
        try w.writeRepeated(listOfMaps, field: 34, as: MapCodec<StringCodec, ZigZagCodec<Int32>>.self)
        try w.writeSet(setOfSets, field: 35, as: SetCodec<ZigZagCodec<Int32>>.self)
        try w.write(anyValue, field: 36, as: MessageCodec<VDLAny>.self)
        try w.writeOptional(error, field: 37, as: MessageCodec<VDLError>.self)
        try w.writeRepeated(bools, field: 38, as: BoolCodec.self)
        try w.writeRepeated(fixedList, field: 39, as: Fixed32Codec.self)
        try w.writeRepeated(doubles, field: 40, as: DoubleCodec.self)
        try w.writeArray(pointPair, count: 2, field: 41, as: MessageCodec<Point>.self)
        try w.write(shape, field: 42, as: MessageCodec<Shape>.self)
        try w.writeRepeated(listOfOptionals, field: 43, as: OptionalCodec<ZigZagCodec<Int32>>.self)
        try w.writeMap(mapOfLists, field: 44, key: StringCodec.self, value: ListCodec<ZigZagCodec<Int32>>.self)
    }

    init(from r: inout ProtoReader) throws {
        self.init()
        var triple: [Double] = []
        var pointPair: [Point] = []
        while let tag = try r.nextField() {
            switch tag.number {
            case 1: flag = try r.read(tag, as: BoolCodec.self)
            case 2: byte = try r.read(tag, as: VarintCodec<UInt8>.self)
            case 3: u16 = try r.read(tag, as: VarintCodec<UInt16>.self)
            case 4: u32 = try r.read(tag, as: VarintCodec<UInt32>.self)
            case 5: u64 = try r.read(tag, as: VarintCodec<UInt64>.self)
            case 6: i8 = try r.read(tag, as: ZigZagCodec<Int8>.self)
            case 7: i16 = try r.read(tag, as: ZigZagCodec<Int16>.self)
            case 8: i32 = try r.read(tag, as: ZigZagCodec<Int32>.self)
            case 9: i64 = try r.read(tag, as: ZigZagCodec<Int64>.self)
            case 10: plain32 = try r.read(tag, as: SignedVarintCodec<Int32>.self)
            case 11: plain64 = try r.read(tag, as: SignedVarintCodec<Int64>.self)
            case 12: fixed32 = try r.read(tag, as: Fixed32Codec.self)
            case 13: fixed64 = try r.read(tag, as: Fixed64Codec.self)
            case 14: sfixed32 = try r.read(tag, as: SFixed32Codec.self)
            case 15: sfixed64 = try r.read(tag, as: SFixed64Codec.self)
            case 16: float = try r.read(tag, as: FloatCodec.self)
            case 17: double = try r.read(tag, as: DoubleCodec.self)
            case 18: text = try r.read(tag, as: StringCodec.self)
            case 19: blob = try r.read(tag, as: BytesCodec.self)
            case 20: color = try r.read(tag, as: EnumCodec<Color>.self)
            case 21: point = try r.read(tag, as: MessageCodec<Point>.self)
            case 22: maybePoint = try r.read(tag, as: MessageCodec<Point>.self)
            case 23: try r.readRepeated(tag, as: ZigZagCodec<Int32>.self, into: &numbers)
            case 24: try r.readRepeated(tag, as: StringCodec.self, into: &names)
            case 25: try r.readRepeated(tag, as: MessageCodec<Point>.self, into: &points)
            case 26: try r.readSet(tag, as: EnumCodec<Color>.self, into: &colors)
            case 27: try r.readSet(tag, as: StringCodec.self, into: &nameSet)
            case 28: try r.readMapEntry(tag, key: StringCodec.self, value: ZigZagCodec<Int64>.self, into: &scores)
            case 29: try r.readMapEntry(tag, key: VarintCodec<UInt32>.self, value: MessageCodec<Point>.self, into: &pointsByID)
            case 30: try r.readRepeated(tag, as: ListCodec<ZigZagCodec<Int32>>.self, into: &matrix)
            case 31: try r.readArray(tag, as: DoubleCodec.self, into: &triple)
            case 32: self.tag = try r.read(tag, as: NewtypeCodec<Tag, StringCodec>.self)
            case 33: optNumber = try r.read(tag, as: OptionalCodec<ZigZagCodec<Int64>>.self)
            case 34: try r.readRepeated(tag, as: MapCodec<StringCodec, ZigZagCodec<Int32>>.self, into: &listOfMaps)
            case 35: try r.readSet(tag, as: SetCodec<ZigZagCodec<Int32>>.self, into: &setOfSets)
            case 36: anyValue = try r.read(tag, as: MessageCodec<VDLAny>.self)
            case 37: error = try r.read(tag, as: MessageCodec<VDLError>.self)
            case 38: try r.readRepeated(tag, as: BoolCodec.self, into: &bools)
            case 39: try r.readRepeated(tag, as: Fixed32Codec.self, into: &fixedList)
            case 40: try r.readRepeated(tag, as: DoubleCodec.self, into: &doubles)
            case 41: try r.readArray(tag, as: MessageCodec<Point>.self, into: &pointPair)
            case 42: shape = try r.read(tag, as: MessageCodec<Shape>.self)
            case 43: try r.readRepeated(tag, as: OptionalCodec<ZigZagCodec<Int32>>.self, into: &listOfOptionals)
            case 44: try r.readMapEntry(tag, key: StringCodec.self, value: ListCodec<ZigZagCodec<Int32>>.self, into: &mapOfLists)
            default: try r.skip(tag)
            }
        }
        try ProtoReader.checkArray(&triple, count: 3, as: DoubleCodec.self)
        try ProtoReader.checkArray(&pointPair, count: 2, as: MessageCodec<Point>.self)
        self.triple = triple
        self.pointPair = pointPair
    }

    /// A value with every field set to something non-default.
    static func sample() throws -> EveryKind {
        var v = EveryKind()
        v.flag = true
        v.byte = 255
        v.u16 = 65535
        v.u32 = 4_000_000_000
        v.u64 = .max
        v.i8 = -128
        v.i16 = 32767
        v.i32 = -2_147_483_648
        v.i64 = .min
        v.plain32 = -1
        v.plain64 = .max
        v.fixed32 = 0xDEAD_BEEF
        v.fixed64 = 0x0123_4567_89AB_CDEF
        v.sfixed32 = -5
        v.sfixed64 = -6
        v.float = -0.0
        v.double = 3.141592653589793
        v.text = "héllo, wörld ✓ 🎉"
        v.blob = [0, 1, 2, 0xFF]
        v.color = .blue
        v.point = Point(x: 1, y: -1)
        v.maybePoint = Point()            // present but zero: must survive
        v.numbers = [3, 270, 86942, -1, 0]
        v.names = ["a", "", "c"]
        v.points = [Point(x: 1, y: 2), Point(), Point(x: -3, y: 4)]
        v.colors = [.red, .green, .blue]
        v.nameSet = ["x", "yy", "", "zzz"]
        v.scores = ["alice": 10, "bob": -20, "": 0, "carol": .max]
        v.pointsByID = [0: Point(x: 5, y: 6), 7: Point(), 300: Point(x: 1, y: 1)]
        v.matrix = [[1, 2, 3], [], [-4]]
        v.triple = [1.5, 0, -2.5]
        v.tag = Tag(rawValue: "tagged")
        v.optNumber = 0                   // Some(0) must stay distinct from nil
        v.listOfMaps = [["a": 1, "b": 2], [:], ["": 0]]
        v.setOfSets = [[1, 2], [], [-7]]
        v.anyValue = try VDLAny(Point(x: 9, y: 9))
        v.error = VDLError(id: "test.Failed", retryAction: .retryBackoff, message: "it failed",
                           parameters: [try VDLAny("x"), try VDLAny(Int64(42))])
        v.bools = [true, false, true]
        v.fixedList = [1, 0, .max]
        v.doubles = [0.5, -0.0, .infinity]
        v.pointPair = [Point(x: 1, y: 0), Point()]
        v.shape = .label("")
        v.listOfOptionals = [1, nil, 0]
        v.mapOfLists = ["a": [1, 2], "b": [], "": [0]]
        return v
    }
}

/// Hex helper: "08 96 01" -> [0x08, 0x96, 0x01].
func hex(_ s: String) -> [UInt8] {
    s.split(separator: " ").map { UInt8($0, radix: 16)! }
}

/// Encodes one field with a fresh writer.
func encodeField(_ body: (inout ProtoWriter) throws -> Void) rethrows -> [UInt8] {
    var w = ProtoWriter()
    try body(&w)
    return w.bytes
}

/// Runs `body` on a reader over `bytes`.
func withReader<R>(_ bytes: [UInt8], depthLimit: Int = 100, _ body: (inout ProtoReader) throws -> R) throws -> R {
    try bytes.withUnsafeBytes { raw in
        var r = ProtoReader(raw, depthLimit: depthLimit)
        return try body(&r)
    }
}

/// Decodes a single field numbered 1 with codec C (the last occurrence wins).
func decodeField1<C: ProtoCodec>(_ bytes: [UInt8], as: C.Type) throws -> C.Value {
    try withReader(bytes) { r in
        var value = C.defaultValue
        while let tag = try r.nextField() {
            if tag.number == 1 { value = try r.read(tag, as: C.self) } else { try r.skip(tag) }
        }
        return value
    }
}

/// The error `body` throws, if it is a WireError.
func wireError(_ body: () throws -> Void) -> WireError? {
    do {
        try body()
        return nil
    } catch let e as WireError {
        return e
    } catch {
        return nil
    }
}
