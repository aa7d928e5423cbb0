extension KubernetesClient {
    /// apps/v1 Deployments in `namespace` (the configuration's namespace when `nil`).
    public func deployments(namespace: String? = nil) -> ResourceClient<Deployment> {
        resources(Deployment.self, namespace: namespace)
    }

    /// apps/v1 ReplicaSets in `namespace`: the revisions of Deployments.
    public func replicaSets(namespace: String? = nil) -> ResourceClient<ReplicaSet> {
        resources(ReplicaSet.self, namespace: namespace)
    }

    /// core/v1 Secrets in `namespace`.
    public func secrets(namespace: String? = nil) -> ResourceClient<Secret> {
        resources(Secret.self, namespace: namespace)
    }

    /// core/v1 Services in `namespace`.
    public func services(namespace: String? = nil) -> ResourceClient<Service> {
        resources(Service.self, namespace: namespace)
    }

    /// core/v1 PersistentVolumeClaims in `namespace`.
    public func persistentVolumeClaims(namespace: String? = nil) -> ResourceClient<PersistentVolumeClaim> {
        resources(PersistentVolumeClaim.self, namespace: namespace)
    }

    /// core/v1 Pods in `namespace`.
    public func pods(namespace: String? = nil) -> ResourceClient<Pod> {
        resources(Pod.self, namespace: namespace)
    }

    /// core/v1 Events in `namespace`.
    public func events(namespace: String? = nil) -> ResourceClient<Event> {
        resources(Event.self, namespace: namespace)
    }

    /// core/v1 Namespaces (cluster-scoped).
    public func namespaces() -> ResourceClient<Namespace> {
        resources(Namespace.self)
    }
}
