import Foundation

// Server memory per idle connection: a fresh server process, its RSS before and after
// `connections` clients (one connection each) have connected and made one 16-byte echo call.

struct MemoryResult {
    var kind: ServerKind
    var connections: Int
    var before: ProcessMemory
    var after: ProcessMemory
    var errors: Int
    var firstError: String?
    var openSeconds: Double

    var kibPerConnection: Double { Double(after.rssKiB - before.rssKiB) / Double(connections) }
    var anonKiBPerConnection: Double { Double(after.anonKiB - before.anonKiB) / Double(connections) }
}

func measureIdleConnections(kind: ServerKind, connections: Int, batch: Int, settleSeconds: Double, lifetimeSeconds: Int) async throws -> MemoryResult {
    let server = try ServerProcess(kind: kind, lifetimeSeconds: lifetimeSeconds)
    defer { server.stop() }

    // Warm the server up on one connection (lazy start-up costs are not per connection).
    let warm = try await makeClient(kind, port: server.port)
    let warmPayload = warm.prepare(size: 16)
    for _ in 0..<100 { _ = try await warm.echo(warmPayload) }
    try await Task.sleep(for: .seconds(settleSeconds))
    guard let before = server.memory() else { throw BenchError("cannot read /proc/\(server.pid)/status") }

    var clients: [any EchoClient] = []
    var errors = 0
    var firstError: String?
    let start = nowNanos()
    var opened = 0
    while opened < connections {
        let count = min(batch, connections - opened)
        let made = await withTaskGroup(of: (client: (any EchoClient)?, error: String?).self) { group in
            for _ in 0..<count {
                group.addTask {
                    do {
                        let client = try await makeClient(kind, port: server.port)
                        let size = try await client.echo(client.prepare(size: 16))
                        if size != 16 { throw BenchError("echoed \(size) bytes") }
                        return (client, nil)
                    } catch {
                        return (nil, String(describing: error))
                    }
                }
            }
            var made: [(client: (any EchoClient)?, error: String?)] = []
            for await result in group { made.append(result) }
            return made
        }
        for result in made {
            if let client = result.client { clients.append(client) }
            if let error = result.error {
                errors += 1
                firstError = firstError ?? error
            }
        }
        opened += count
    }
    let openSeconds = Double(nowNanos() - start) / 1e9
    try await Task.sleep(for: .seconds(settleSeconds))
    guard let after = server.memory() else { throw BenchError("cannot read /proc/\(server.pid)/status") }

    await withTaskGroup(of: Void.self) { group in
        for client in clients + [warm] { group.addTask { await client.close() } }
    }
    return MemoryResult(kind: kind, connections: clients.count, before: before, after: after, errors: errors,
                        firstError: firstError, openSeconds: openSeconds)
}
