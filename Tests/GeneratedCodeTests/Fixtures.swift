import VDLRPC
import VDLWire

/// A value of `testing/features.Everything` with every field set to something other than its zero value.
func sampleEverything() throws -> Features.Everything {
    Features.Everything(
        b: true, byte: 200, i8: -100, i16: -30_000, i32: -2_000_000_000, i64: Int64.min, u16: 65_535,
        u32: 4_000_000_000, u64: UInt64.max, f32: 1.5, f64: -2.25, s: "héllo", bytes: [0, 1, 255],
        hash: [9, 8, 7, 6], name: "alice", flags: true, ratio: 0.5, color: .blue,
        point: Features.Point(x: 3, y: -4),
        shape: .points([Features.Point(x: 1, y: 2), Features.Point(x: -1, y: 0)]),
        maybePoint: Features.Point(), list: ["a", "", "c"], matrix: [[1, 2], [], [-3]],
        grid: [[1, 2, 3], [-4, -5, -6]], set: ["x", "y"], colors: [.red, .green],
        map: ["one": 1, "minus": -1], deep: ["k": [Features.Point(x: 5, y: 6)]],
        lookup: [Features.Point(x: 1, y: 1): "p11", Features.Point(): "origin"],
        ids: [1, 2, UInt64.max], any: try VDLAny("in any"),
        err: VDLError(id: "testing/features.NotFound", retryAction: .retryBackoff, message: "gone", parameters: [try VDLAny(Int32(7))]),
        type: VDLTypeObject(rawValue: "[]int32"), tag: Access.write,
        perms: ["Read": Access.AccessList(in: ["root:ops"], notIn: ["root:ops:bad"])],
        pinned: "kept")
}
