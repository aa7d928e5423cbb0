import Foundation

/// A small seeded generator (SplitMix64) with its own range reduction, so a seed gives the
/// same schema on every platform and Swift version.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range` (inclusive).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func pickIfAny<T>(_ items: [T]) -> T? { items.isEmpty ? nil : pick(items) }

    /// `count` distinct items, in their original order.
    mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
        var indices = Array(items.indices)
        for i in stride(from: indices.count - 1, to: 0, by: -1) {
            indices.swapAt(i, int(0...i))
        }
        return indices.prefix(min(count, items.count)).sorted().map { items[$0] }
    }
}

/// Writes a large, valid VDL package that uses every kind of declaration, the way a real
/// service schema does: enums, defined scalar and composite types, comparable key structs,
/// structs of 5 to 15 fields of every kind, unions, constants with expressions and composite
/// literals, errors with parameters, and interfaces with streaming methods tagged with the
/// `security/access` tags.
///
/// The package is made of "groups" of about 110 lines, one per entity (`Account7`,
/// `Invoice8`, ...). A group refers to its own declarations and to those of earlier groups;
/// plain struct and union fields only point backwards, so no type contains itself without an
/// optional, list or map in between.
struct SchemaGenerator {
    struct Output {
        /// File name (relative to the package directory) to contents.
        var files: [(name: String, contents: String)]
        var lines: Int
        var groups: Int
        var counts: [String: Int]
    }

    let packagePath: String
    let packageName: String
    let targetLines: Int
    let groupsPerFile: Int
    private var random: SeededRandom

    init(packagePath: String = "bench/large", targetLines: Int, seed: UInt64, groupsPerFile: Int = 9) {
        self.packagePath = packagePath
        self.packageName = String(packagePath.split(separator: "/").last!)
        self.targetLines = targetLines
        self.groupsPerFile = groupsPerFile
        self.random = SeededRandom(seed: seed)
    }

    // MARK: What earlier groups declared

    private struct Group {
        var noun: String
        var enumName: String
        var labels: [String]
        var keyName: String
        var keyFields: [(String, String)]
        var namedScalars: [(name: String, underlying: String)]
        var namedComposites: [String]
        var structs: [String]
        var union: String
        var hasInterface: Bool
    }

    private var groups: [Group] = []
    private var counts: [String: Int] = [:]

    private static let nouns = [
        "Account", "Invoice", "Order", "Shipment", "Customer", "Product", "Catalog", "Payment",
        "Refund", "Ticket", "Project", "Release", "Build", "Artifact", "Deployment", "Cluster",
        "Node", "Volume", "Snapshot", "Bucket", "Blob", "Queue", "Topic", "Message", "Channel",
        "Session", "Device", "Sensor", "Reading", "Alert", "Incident", "Policy", "Role",
        "Grant", "Token", "Quota", "Budget", "Report", "Dashboard", "Metric", "Trace", "Span",
        "Document", "Folder", "Comment", "Review", "Survey", "Answer", "Course", "Lesson",
    ]

    private static let labelWords = [
        "Unspecified", "Active", "Pending", "Suspended", "Archived", "Deleted", "Draft",
        "InReview", "Approved", "Rejected", "Expired", "Frozen", "Migrating", "Degraded",
    ]

    private static let fieldWords = [
        "Name", "Title", "Summary", "Count", "Amount", "Price", "Created", "Updated", "Owner",
        "Labels", "Score", "Weight", "Notes", "Parent", "Children", "State", "Priority",
        "Region", "Zone", "Limit", "Revision", "Checksum", "Payload", "Extra", "Origin",
        "Target", "Source", "Members", "Attributes", "Metadata", "History", "Options",
        "Progress", "Deadline", "Retries", "Timeout", "Quota", "Usage", "Address", "Locale",
        "Currency", "Discount", "Rating", "Comments", "Links", "Steps", "Owners", "Readers",
        "Writers", "Audit", "Cursor", "Window", "Buckets", "Samples", "Errors", "Warnings",
        "Context", "Related", "Primary", "Secondary", "Fallback", "Policy", "Schedule",
    ]

    private static let scalarTypes = [
        "bool", "byte", "int8", "int16", "int32", "int32", "int64", "int64", "uint16", "uint32",
        "uint64", "float32", "float64", "string", "string", "string", "string",
    ]

    private static let keyScalarTypes = ["string", "int32", "int64", "uint32", "bool", "uint64"]

    private mutating func count(_ what: String, _ n: Int = 1) { counts[what, default: 0] += n }

    // MARK: Generation

    mutating func generate() -> Output {
        var files: [(String, String)] = []
        var totalLines = 0
        var fileIndex = 0
        while totalLines < targetLines {
            var text = fileIndex == 0
                ? "// Package \(packageName) is a generated benchmark schema: \(targetLines) lines of every kind of\n// declaration, the size of a large service's API.\n"
                : "// Part \(fileIndex) of the generated benchmark schema.\n"
            text += "package \(packageName)\n\nimport \"security/access\"\n"
            if fileIndex == 0 { text += health() }
            for _ in 0..<groupsPerFile {
                text += group(index: groups.count + 1)
                if totalLines + lineCount(text) >= targetLines { break }
            }
            totalLines += lineCount(text)
            files.append((String(format: "%@_%02d.vdl", packageName, fileIndex), text))
            fileIndex += 1
        }
        return Output(files: files, lines: totalLines, groups: groups.count, counts: counts)
    }

    private func lineCount(_ text: String) -> Int { text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }

    private mutating func health() -> String {
        count("interfaces")
        count("methods", 2)
        return """

        // Health is embedded by some of the stores.
        type Health interface {
        \t// Ping answers with what it was given.
        \tPing(message string) (reply string | error) {access.Read}
        \t// Version names the server build.
        \tVersion() (version string, commit string | error) {access.Debug}
        }

        """
    }

    private mutating func group(index k: Int) -> String {
        let noun = Self.nouns[(k - 1) % Self.nouns.count] + "\(k)"
        var g = Group(noun: noun, enumName: noun + "Kind", labels: [], keyName: noun + "Key", keyFields: [],
                      namedScalars: [], namedComposites: [], structs: [], union: noun + "Value", hasInterface: false)
        var out = "\n// ---- \(noun) ----\n"

        // An enum.
        g.labels = random.sample(Self.labelWords, random.int(3...8))
        if g.labels.first != "Unspecified" { g.labels.insert("Unspecified", at: 0) }
        out += "\n// \(g.enumName) says what state a \(noun) is in; Unspecified is its zero value.\ntype \(g.enumName) enum {\n"
        for (i, label) in g.labels.enumerated() {
            if i > 0 && random.chance(25) { out += "\t// \(label) is documented.\n" }
            out += "\t\(label)\n"
        }
        out += "}\n"
        count("enums")

        // Defined types.
        var defs: [(String, String)] = [
            (noun + "Name", "string"), (noun + "Count", "uint32"), (noun + "Ratio", "float64"),
            (noun + "Flag", "bool"), (noun + "Offset", "int64"),
        ]
        defs = random.sample(defs, random.int(2...4))
        g.namedScalars = defs.map { (name: $0.0, underlying: $0.1) }
        var composites: [(String, String)] = [
            (noun + "Ids", "[]uint64"), (noun + "Digest", "[16]byte"), (noun + "Index", "map[string]int64"),
            (noun + "Names", "set[string]"), (noun + "Matrix", "[][]float32"),
        ]
        composites = random.sample(composites, random.int(1...3))
        g.namedComposites = composites.map(\.0)
        out += "\n// Defined types of \(noun).\ntype (\n"
        for (name, underlying) in defs + composites {
            out += "\t\(name) \(underlying)\n"
        }
        out += ")\n"
        count("defined types", defs.count + composites.count)

        // A comparable key struct.
        g.keyFields = [("Region", "string"), ("Shard", "int32")]
        for word in random.sample(["Tenant", "Epoch", "Partition", "Replica"], random.int(0...2)) {
            g.keyFields.append((word, random.pick(Self.keyScalarTypes)))
        }
        if random.chance(50) { g.keyFields.append(("Kind", g.enumName)) }
        out += "\n// \(g.keyName) identifies a \(noun); it is comparable, so it keys maps and sets.\ntype \(g.keyName) struct {\n"
        for (name, type) in g.keyFields { out += "\t\(name) \(type)\n" }
        out += "}\n"
        count("structs")

        groups.append(g)  // so field types can refer to this group's enum, key and defined types

        // The main structs.
        let structNames = [noun] + random.sample([noun + "Info", noun + "Detail", noun + "Change"], random.int(1...2))
        for name in structNames {
            out += structDeclaration(name, group: g)
            groups[groups.count - 1].structs.append(name)
        }
        g = groups[groups.count - 1]

        // A union.
        out += unionDeclaration(g)

        // Constants.
        out += constants(g)

        // Errors.
        out += errors(g)

        // An interface (most groups).
        if random.chance(80) {
            out += interface(g)
            groups[groups.count - 1].hasInterface = true
        }
        return out
    }

    // MARK: Types

    /// A field type for a struct of group `g`; `self` is the struct being declared.
    private mutating func fieldType(group g: Group, declaring name: String) -> String {
        let earlier = Array(groups.dropLast())
        let roll = random.int(0...99)
        switch roll {
        case 0..<34:
            return random.pick(Self.scalarTypes)
        case 34..<44:
            // A named type of this group or an earlier one.
            let owner = random.chance(60) ? g : random.pick(Array(groups))
            var choices = owner.namedScalars.map(\.name) + owner.namedComposites + [owner.enumName, owner.keyName]
            if owner.noun != g.noun, !owner.structs.isEmpty { choices.append(owner.union) }
            return random.pick(choices)
        case 44..<54:
            // Lists.
            switch random.int(0...5) {
            case 0: return "[]byte"
            case 1: return "[]string"
            case 2: return "[][]int32"
            case 3: return "[]\(name)"  // recursion through a list
            default: return "[]" + anyStruct(g)
            }
        case 54..<62:
            // Maps.
            let key = random.pick(["string", "string", "int64", g.enumName, g.keyName])
            let value = random.pick(["string", "int64", "[]string", anyStruct(g), "?" + anyStruct(g), "float64", "bool"])
            return "map[\(key)]\(value)"
        case 62..<68:
            return "set[\(random.pick(["string", "int32", "uint64", g.enumName, g.keyName]))]"
        case 68..<78:
            // Optionals: of any struct (even later or itself: the optional breaks cycles) or union.
            if random.chance(20), let owner = random.pickIfAny(earlier) { return "?" + owner.union }
            return random.chance(30) ? "?" + name : "?" + anyStruct(g)
        case 78..<83:
            return random.pick(["[4]byte", "[3]int32", "[2]\(g.keyName)", "[2][2]float64"])
        case 83..<91:
            // A struct or union of an earlier group, held directly.
            guard let owner = random.pickIfAny(earlier) else { return g.keyName }
            return random.chance(60) ? random.pick(owner.structs) : owner.union
        default:
            return random.pick(["any", "typeobject", "error", "access.Tag", "access.Permissions", "[]any", "map[string]any"])
        }
    }

    /// A struct of this group (declared so far) or of an earlier group.
    private mutating func anyStruct(_ g: Group) -> String {
        let owner = random.pick(groups)
        let candidates = owner.structs.isEmpty ? [owner.keyName] : owner.structs + [owner.keyName]
        return random.pick(candidates)
    }

    private mutating func structDeclaration(_ name: String, group g: Group) -> String {
        let fieldCount = random.int(5...15)
        let names = random.sample(Self.fieldWords, fieldCount)
        var out = "\n// \(name) is one of the records of the \(g.noun) API.\ntype \(name) struct {\n"
        let reserves = random.chance(10)
        if reserves { out += "\treserved \(fieldCount + 1), \(fieldCount + 2)\n" }
        let pinLast = random.chance(15)
        var i = 0
        while i < names.count {
            let type = fieldType(group: g, declaring: name)
            if random.chance(30) { out += "\t// \(names[i]) is documented.\n" }
            // Two scalar fields of one type on one line, sometimes.
            if i + 1 < names.count, Self.scalarTypes.contains(type), random.chance(15) {
                out += "\t\(names[i]), \(names[i + 1]) \(type)\n"
                i += 2
                continue
            }
            if pinLast && i == names.count - 1 {
                out += "\t\(names[i]) \(type) = \(100 + i)\n"
            } else {
                out += "\t\(names[i]) \(type)\n"
            }
            i += 1
        }
        out += "}\n"
        count("structs")
        count("struct fields", fieldCount)
        return out
    }

    private mutating func unionDeclaration(_ g: Group) -> String {
        var out = "\n// \(g.union) is one of several kinds of \(g.noun) value; the first arm is its zero value.\ntype \(g.union) union {\n"
        out += "\t\(random.pick(["Text", "Number", "Flag"])) \(random.pick(["string", "int64", "bool", "float64"]))\n"
        let arms = random.sample(["Key", "Record", "Items", "Maybe", "Kinds", "Raw", "Nested"], random.int(2...5))
        for arm in arms {
            let type: String
            switch arm {
            case "Key": type = g.keyName
            case "Record": type = random.pick(g.structs)
            case "Items": type = "[]" + random.pick(g.structs)
            case "Maybe": type = "?" + random.pick(g.structs)
            case "Kinds": type = "set[\(g.enumName)]"
            case "Raw": type = "[]byte"
            default: type = "[]" + g.union
            }
            out += "\t\(arm) \(type)\n"
        }
        out += "}\n"
        count("unions")
        return out
    }

    // MARK: Constants, errors, interfaces

    private mutating func constants(_ g: Group) -> String {
        let n = g.noun
        var lines: [String] = [
            "\(n)MaxItems = \(random.int(2...64)) * \(random.int(2...64)) + \(random.int(0...999))",
            "\(n)BitMask = uint32(0xFF << \(random.int(0...24))) &^ 0x\(String(random.int(1...255), radix: 16))",
            "\(n)Fraction = float32(1.0 / \(random.int(3...9)))",
            "\(n)Prefix = \"\(n.lowercased())/\" + \"v\(random.int(1...9))\"",
            "\(n)Enabled = \(n)MaxItems > \(random.int(10...5000)) && !false",
            "\(n)DefaultKind = \(g.enumName).\(random.pick(g.labels))",
            "\(n)Origin = \(g.keyName){Region: \"eu-\(random.int(1...9))\", Shard: \(random.int(-50...50))}",
            "\(n)Samples = []\(g.keyName){{Region: \"us\"}, {Shard: \(random.int(1...9))}, \(n)Origin}",
            "\(n)Regions = set[string]{\"eu\", \"us\", \"ap-\(random.int(1...9))\"}",
            "\(n)Weights = map[string]int64{\"low\": 1, \"high\": \(n)MaxItems, \"big\": (1 << 70) >> \(random.int(40...66))}",
            "\(n)MaybeOrigin = ?\(g.keyName)(\(n)Origin)",
            "\(n)KeyType = typeobject(map[string][]\(g.keyName))",
            "\(n)Anything = any(\(n)Origin)",
            "\(n)AdminTag = access.\(random.pick(["Admin", "Read", "Write", "Debug", "Resolve"]))",
        ]
        if g.labels.count >= 3 {
            lines.append("\(n)Kinds = set[\(g.enumName)]{\(g.enumName).\(g.labels[1]), \(g.enumName).\(g.labels[2])}")
        }
        if let named = g.namedScalars.first(where: { $0.underlying == "string" }) {
            lines.append("\(n)DefaultName = \(named.name)(\"\(n.lowercased())\") + \"-default\"")
        }
        if groups.count > 1 {
            let other = groups[random.int(0...(groups.count - 2))].noun
            lines.append("\(n)Total = \(other)MaxItems + \(n)MaxItems * 2")
        }
        let chosen = random.sample(lines, random.int(6...10))
        // Constants used by others must exist.
        var needed = Set<String>()
        for line in chosen {
            if line.contains("\(n)MaxItems") && !line.hasPrefix("\(n)MaxItems") { needed.insert("\(n)MaxItems") }
            if line.contains("\(n)Origin") && !line.hasPrefix("\(n)Origin") { needed.insert("\(n)Origin") }
        }
        var final = chosen
        for name in needed where !final.contains(where: { $0.hasPrefix(name + " ") }) {
            final.append(lines.first { $0.hasPrefix(name + " ") }!)
        }
        // `Total` refers to another group's MaxItems: keep every group's MaxItems.
        if !final.contains(where: { $0.hasPrefix("\(n)MaxItems ") }) { final.insert(lines[0], at: 0) }
        var out = "\nconst (\n"
        for line in final {
            if random.chance(20) { out += "\t// \(line.split(separator: " ").first!) is documented.\n" }
            out += "\t\(line)\n"
        }
        out += ")\n"
        count("constants", final.count)
        return out
    }

    private mutating func errors(_ g: Group) -> String {
        let n = g.noun
        var all = [
            "\(n)NotFound(name string, code int32) {NoRetry, \"en\": \"{name} not found (code {code})\", \"fr\": \"{name} introuvable\"}",
            "\(n)Busy() {RetryBackoff, \"en\": \"busy, try again\"}",
            "\(n)Conflict(key \(g.keyName), current \(g.noun)) {RetryRefetch, \"en\": \"conflict on {key}\"}",
            "\(n)Denied(tag access.Tag, who []string) {\"en\": \"{who} may not {tag}\"}",
            "\(n)Unavailable(region string, retryAfterMs uint32) {RetryConnection}",
        ]
        all = random.sample(all, random.int(1...3))
        var out = "\n"
        if all.count == 1 {
            out += "// \(n) errors.\nerror \(all[0])\n"
        } else {
            out += "error (\n"
            for line in all {
                out += "\t// \(line.prefix { $0 != "(" }) is documented.\n\t\(line)\n"
            }
            out += ")\n"
        }
        count("errors", all.count)
        return out
    }

    private mutating func interface(_ g: Group) -> String {
        let n = g.noun
        let record = g.noun
        let info = g.structs.last!
        let methods = [
            "Get(key \(g.keyName)) (value \(record) | error) {access.Read}",
            "Put(key \(g.keyName), value \(record)) error {access.Write}",
            "Delete(key \(g.keyName), revision uint64) error {access.Write}",
            "List(prefix string, limit int32, cursor string) (items []\(record), next string | error) {access.Read}",
            "Lookup(name string) (info ?\(info), found bool | error) {access.Read}",
            "Count(kind \(g.enumName)) (uint64 | error) {access.Read}",
            "Upload() stream<\(record), _> (count int32 | error) {access.Write}",
            "Watch(prefix string) stream<_, \(g.union)> error {access.Read}",
            "Sync(since uint64) stream<\(g.keyName), \(info)> error {access.Write, \"sync\"}",
            "SetPermissions(perms access.Permissions, version string) error {access.Admin}",
            "GetPermissions() (perms access.Permissions, version string | error) {access.Admin}",
            "Inspect(query string) (report map[string]any | error) {access.Debug}",
            "Batch(keys set[\(g.keyName)], options map[string]string) (results map[\(g.keyName)]?\(record), failed []error | error) {access.Write}",
        ]
        let chosen = random.sample(methods, random.int(3...7))
        var out = "\n// \(n)Store serves \(n) records.\ntype \(n)Store interface {\n"
        if random.chance(30) { out += "\tHealth\n" }
        for method in chosen {
            out += "\t// \(method.prefix { $0 != "(" }) is documented.\n\t\(method)\n"
        }
        out += "}\n"
        count("interfaces")
        count("methods", chosen.count)
        return out
    }
}
