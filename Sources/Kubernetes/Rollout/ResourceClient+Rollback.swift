extension ResourceClient where Object == Deployment {
    /// Rolls the Deployment `name` back to an earlier revision, as `kubectl rollout undo`
    /// does: among the ReplicaSets it owns, the one with the requested revision (by default
    /// the highest revision below the current one, read from the annotation
    /// `deployment.kubernetes.io/revision`) gives its pod template, which replaces the
    /// Deployment's (without the controller's `pod-template-hash` label). The deployment
    /// controller then rolls out that template as a new revision.
    ///
    /// ReplicaSets count as owned when an owner reference names the Deployment (by uid when both
    /// have one, else by kind and name). The replace carries the Deployment's
    /// `resourceVersion`, so a concurrent change makes it fail with `Conflict`.
    ///
    /// - Parameter revision: The revision to return to; the previous one when `nil`.
    /// - Returns: The Deployment as stored after the change.
    /// - Throws: ``RolloutError/noPreviousRevision(deployment:)`` or
    ///   ``RolloutError/revisionNotFound(deployment:revision:)``, and request errors.
    @discardableResult
    public func rollback(_ name: String, toRevision revision: Int? = nil) async throws -> Deployment {
        var deployment = try await get(name)
        let replicaSets = ResourceClient<ReplicaSet>(transport: transport, namespace: namespace)
        let selector = deployment.selectorLabels
        let owned = try await replicaSets.list(
            labelSelector: selector.isEmpty ? nil : LabelSelector(matching: selector)
        ).items.filter { $0.isOwned(by: deployment) }

        let revisions = owned.compactMap { replicaSet in replicaSet.revision.map { ($0, replicaSet) } }
        let target: ReplicaSet
        if let revision {
            guard let match = revisions.first(where: { $0.0 == revision }) else {
                throw RolloutError.revisionNotFound(deployment: name, revision: revision)
            }
            target = match.1
        } else {
            let current = deployment.revision ?? revisions.map(\.0).max() ?? 0
            guard let previous = revisions.filter({ $0.0 < current }).max(by: { $0.0 < $1.0 }) else {
                throw RolloutError.noPreviousRevision(deployment: name)
            }
            target = previous.1
        }
        guard var template = target.template else {
            throw RolloutError.revisionNotFound(deployment: name, revision: target.revision ?? 0)
        }
        template.setValue(nil, at: ["metadata", "labels", "pod-template-hash"])
        deployment.template = template
        return try await replace(deployment)
    }
}
