extension ResourceClient where Object == Deployment {
    /// The rollout progress of the Deployment `name` now.
    public func rolloutStatus(_ name: String) async throws -> RolloutProgress {
        RolloutProgress(try await get(name))
    }

    /// Follows the rollout of the Deployment `name` by polling it, yielding the progress each
    /// time it changes (and first once at the start), until the rollout is complete, which is
    /// the last element.
    ///
    /// kmock runs no controllers, so there a rollout only progresses when something writes the
    /// status; a Deployment without `metadata.generation` (kmock) counts as observed.
    ///
    /// - Parameters:
    ///   - pollInterval: The time between two reads.
    ///   - stallTimeout: The stream throws ``RolloutError/stalled(_:after:)`` when the progress
    ///     has not changed for this long.
    /// - Returns: A stream that also throws ``RolloutError/progressDeadlineExceeded(_:)`` when
    ///   the controller gives up, and the errors of the reads.
    public func rolloutProgress(
        _ name: String, pollInterval: Duration = .seconds(1), stallTimeout: Duration = .seconds(600)
    ) -> AsyncThrowingStream<RolloutProgress, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: RolloutProgress.self)
        let task = Task { [self] in
            do {
                _ = try await followRollout(
                    name, pollInterval: pollInterval, stallTimeout: stallTimeout
                ) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Waits for the rollout of the Deployment `name` to complete, calling `onProgress` each
    /// time the progress changes; see ``rolloutProgress(_:pollInterval:stallTimeout:)``.
    @discardableResult
    public func waitForRollout(
        _ name: String, pollInterval: Duration = .seconds(1), stallTimeout: Duration = .seconds(600),
        onProgress: (RolloutProgress) -> Void = { _ in }
    ) async throws -> RolloutProgress {
        try await followRollout(name, pollInterval: pollInterval, stallTimeout: stallTimeout, onProgress: onProgress)
    }

    private func followRollout(
        _ name: String, pollInterval: Duration, stallTimeout: Duration, onProgress: (RolloutProgress) -> Void
    ) async throws -> RolloutProgress {
        let clock = ContinuousClock()
        var last: RolloutProgress?
        var lastChange = clock.now
        while true {
            let progress = try await rolloutStatus(name)
            if progress != last {
                onProgress(progress)
                last = progress
                lastChange = clock.now
            }
            if progress.isComplete { return progress }
            if progress.deadlineExceededMessage != nil { throw RolloutError.progressDeadlineExceeded(progress) }
            if clock.now - lastChange >= stallTimeout { throw RolloutError.stalled(progress, after: stallTimeout) }
            try await Task.sleep(for: pollInterval)
        }
    }
}
