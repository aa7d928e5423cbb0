extension ReplicaSet {
    /// Whether an owner reference of this ReplicaSet names `deployment`.
    func isOwned(by deployment: Deployment) -> Bool {
        ownerReferences.contains { owner in
            guard owner.kind == Deployment.resourceType.kind else { return false }
            if let ownerUID = owner.uid, let uid = deployment.uid { return ownerUID == uid }
            return owner.name == deployment.name
        }
    }
}
