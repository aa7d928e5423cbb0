/// Lowers a checked module to the IR: per-package declaration lists and the global type table.
public enum IRLowering {
    public static func lower(_ module: CheckedModule, requested: Set<String>) -> IRModule {
        let packages = module.packages.map { package in
            IRPackage(
                path: package.path, name: package.name, doc: package.doc, files: package.files,
                imports: package.imports, isRequested: requested.contains(package.path),
                types: package.types.compactMap { module.types[$0] },
                consts: package.consts.compactMap { module.consts[$0] },
                errors: package.errors.compactMap { module.errors[$0] },
                interfaces: package.interfaces.compactMap { module.interfaces[$0] }
            )
        }
        return IRModule(packages: packages, types: module.types)
    }
}
