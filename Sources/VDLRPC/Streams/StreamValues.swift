/// The values arriving on one direction of a call's stream, as an `AsyncSequence`.
public struct StreamValues<Element: Sendable>: AsyncSequence, Sendable {
    let next: @Sendable () async throws -> Element?

    public init(next: @escaping @Sendable () async throws -> Element?) { self.next = next }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextValue: @Sendable () async throws -> Element?
        public mutating func next() async throws -> Element? { try await nextValue() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(nextValue: next) }
}
