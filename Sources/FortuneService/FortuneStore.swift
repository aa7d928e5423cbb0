import Synchronization
import VDLRPC

/// The fortune service: keeps fortunes in memory and hands out a random one.
public final class FortuneStore: Fortune.Fortune.Service {
    private let fortunes = Mutex<(list: [String], set: Set<String>)>(([], []))

    public init(fortunes initial: [String] = []) {
        for fortune in initial { insert(fortune) }
    }

    public func add(fortune: String, context: ServerCallContext) async throws {
        insert(fortune)
    }

    public func get(context: ServerCallContext) async throws -> String {
        guard let fortune = fortunes.withLock({ $0.list.randomElement() }) else { throw Fortune.NoFortunes() }
        return fortune
    }

    public func has(fortune: String, context: ServerCallContext) async throws -> Bool {
        fortunes.withLock { $0.set.contains(fortune) }
    }

    private func insert(_ fortune: String) {
        fortunes.withLock { state in
            if state.set.insert(fortune).inserted { state.list.append(fortune) }
        }
    }
}
