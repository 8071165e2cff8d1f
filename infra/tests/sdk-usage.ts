/**
 * The AWS API operations a Lambda handler can call, as IAM actions: read from the sources by
 * following the code from the handler's export (TypeScript's type checker resolves every call to
 * its declaration), so that the infra test can compare each function's role with what its code
 * does, in both directions.
 *
 * Why a call graph and not a file scan: both handlers import packages/core's barrel, so every
 * file of core is in both bundles; what differs is which methods each handler reaches (the API
 * reaches the store's workshop reads and writes, the collector its sweep writes). Following
 * symbols also makes the audit indifferent to files being moved or split.
 *
 * What counts as reachable, from the handler's declaration:
 * - every function, method, accessor, variable or class the reachable code names (a class: its
 *   constructor and field initialisers; a method: only once named);
 * - a method named through an interface or a base class: the method of the same name in every
 *   class of the project assignable to that type (ports are implemented structurally);
 * - every closure inside reachable code (callbacks are assumed to be called);
 * - the top-level code of every module the handler imports, directly or not (it runs at load).
 * An AWS call is a `new XCommand(…)` or a `paginateX(…)` whose declaration is in an `@aws-sdk/*`
 * package, or a call of a credential provider that calls AWS (`fromTemporaryCredentials(…)`). DynamoDB transactions are authorised item by item, so a reachable TransactWriteCommand
 * needs the actions of the transaction items (`{ Put: … }`, `{ Delete: … }`…) that reachable code
 * builds, recognised by their type fitting the command's `TransactItems`.
 */
import path from "node:path";
import ts from "typescript";

/** The IAM service prefix of each SDK package the application uses. */
const SERVICE_OF_PACKAGE: Record<string, string> = {
  "client-dynamodb": "dynamodb",
  "lib-dynamodb": "dynamodb",
  "client-elastic-load-balancing-v2": "elasticloadbalancing",
  "client-cloudwatch": "cloudwatch",
  "client-sts": "sts",
};

/**
 * Credential providers that call an AWS API with the caller's own credentials, so the caller
 * needs the permission: `fromTemporaryCredentials(…)` calls AssumeRole (the collector reading
 * participant accounts). The other providers read credentials (environment, files, the Lambda
 * runtime) or call APIs that need no permission of the caller.
 */
const CREDENTIAL_PROVIDER_CALLS: Record<string, { operation: string; action: string }> = {
  fromTemporaryCredentials: { operation: "AssumeRole", action: "sts:AssumeRole" },
};

/** The document client's commands are named after the items, not the API operations. */
const DOCUMENT_CLIENT_ACTIONS: Record<string, string> = {
  Get: "GetItem",
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  BatchGet: "BatchGetItem",
  BatchWrite: "BatchWriteItem",
  Query: "Query",
  Scan: "Scan",
  ExecuteStatement: "PartiQLSelect",
};

/** TransactWriteItems' item kinds and the IAM action that authorises each. */
const TRANSACTION_ITEM_ACTIONS: Record<string, string> = {
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  ConditionCheck: "dynamodb:ConditionCheckItem",
};
const TRANSACTIONS = new Set(["TransactWriteItems", "TransactWrite"]);

/** One call site: the operation, the IAM actions it needs (all of them), and where it is. */
export interface SdkCall {
  operation: string;
  actions: string[];
  /** `path:line` relative to the project root. */
  at: string;
}

/**
 * The AWS calls reachable from each handler, by handler (SST's form, `path/to/file.exportName`,
 * relative to `root`). One TypeScript program for all of them, with the project's tsconfig.json.
 */
export function sdkCallsOfHandlers(root: string, handlers: string[]): Map<string, SdkCall[]> {
  const entries = handlers.map((handler) => {
    const dot = handler.lastIndexOf(".");
    return {
      handler,
      file: path.join(root, `${handler.slice(0, dot)}.ts`),
      exportName: handler.slice(dot + 1),
    };
  });
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("tsconfig.json could not be read");
  const program = ts.createProgram(
    entries.map((e) => e.file),
    config.options,
  );
  const analysis = new CallGraph(root, program);
  return new Map(entries.map((entry) => [entry.handler, analysis.callsFrom(entry.file, entry.exportName)]));
}

/** The IAM actions these calls need. */
export function actionsOf(calls: SdkCall[]): Set<string> {
  return new Set(calls.flatMap((call) => call.actions));
}

class CallGraph {
  readonly #root: string;
  readonly #program: ts.Program;
  readonly #checker: ts.TypeChecker;
  /** Every class declared in the project's own sources, for dispatch through interfaces. */
  readonly #classes: (ts.ClassDeclaration | ts.ClassExpression)[] = [];

  constructor(root: string, program: ts.Program) {
    this.#root = root;
    this.#program = program;
    this.#checker = program.getTypeChecker();
    for (const file of program.getSourceFiles()) {
      if (!this.#isProjectFile(file)) continue;
      const collect = (node: ts.Node): void => {
        if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) this.#classes.push(node);
        ts.forEachChild(node, collect);
      };
      collect(file);
    }
  }

  callsFrom(file: string, exportName: string): SdkCall[] {
    const source = this.#program.getSourceFile(file);
    if (!source) throw new Error(`${file} is not part of the program`);
    const module = this.#checker.getSymbolAtLocation(source);
    const entry = module && this.#checker.getExportsOfModule(module).find((s) => s.name === exportName);
    if (!entry) throw new Error(`${file} exports no ${exportName}`);

    const walk = new Walk(this, this.#checker);
    walk.loadModule(source);
    walk.reachSymbol(entry);
    walk.run();
    return walk.calls();
  }

  /** The project's own TypeScript, not a declaration file and not a dependency. */
  #isProjectFile(file: ts.SourceFile): boolean {
    return (
      !file.isDeclarationFile &&
      !file.fileName.includes("/node_modules/") &&
      file.fileName.startsWith(this.#root)
    );
  }

  isProjectNode(node: ts.Node): boolean {
    return this.#isProjectFile(node.getSourceFile());
  }

  /** The `@aws-sdk/*` package a declaration comes from, if any. */
  sdkPackageOf(node: ts.Node): string | undefined {
    return /\/node_modules\/@aws-sdk\/([^/]+)\//.exec(node.getSourceFile().fileName)?.[1];
  }

  where(node: ts.Node): string {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    return `${path.relative(this.#root, file.fileName)}:${line + 1}`;
  }

  /** Project classes whose instances are assignable to `type` (an interface, a class, a type literal). */
  classesAssignableTo(type: ts.Type): ts.Type[] {
    return this.#classes.flatMap((declaration) => {
      const symbol = declaration.name ? this.#checker.getSymbolAtLocation(declaration.name) : undefined;
      const instance = symbol
        ? this.#checker.getDeclaredTypeOfSymbol(symbol)
        : this.#checker.getTypeAtLocation(declaration);
      return this.#checker.isTypeAssignableTo(instance, type) ? [instance] : [];
    });
  }
}

/** One traversal from one handler. */
class Walk {
  readonly #graph: CallGraph;
  readonly #checker: ts.TypeChecker;
  readonly #pending: ts.Node[] = [];
  readonly #seen = new Set<ts.Node>();
  readonly #modules = new Set<ts.SourceFile>();
  readonly #calls: SdkCall[] = [];
  readonly #callSites = new Set<string>();
  /** The item type of each reachable transaction's `TransactItems`, as its command declares it. */
  readonly #transactionItemTypes: ts.Type[] = [];
  /** Reachable object literals with a property named like a transaction item kind (`Put`…). */
  readonly #itemCandidates: ts.ObjectLiteralExpression[] = [];

  constructor(graph: CallGraph, checker: ts.TypeChecker) {
    this.#graph = graph;
    this.#checker = checker;
  }

  run(): void {
    for (let node = this.#pending.pop(); node; node = this.#pending.pop()) this.#visit(node, true);
  }

  /** The calls found; transactions get the actions of the reachable transaction items. */
  calls(): SdkCall[] {
    const itemActions = this.#transactionItemActions();
    return this.#calls.map((call) => {
      if (!TRANSACTIONS.has(call.operation)) return call;
      const actions = [...itemActions].sort();
      if (actions.length === 0) {
        throw new Error(
          `${call.at}: a transaction, but no transaction item (Put, Delete…) found in reachable code`,
        );
      }
      return { ...call, actions };
    });
  }

  /** A module and everything it imports (values only) run their top-level code when loaded. */
  loadModule(file: ts.SourceFile): void {
    if (this.#modules.has(file) || !this.#graph.isProjectNode(file)) return;
    this.#modules.add(file);
    for (const statement of file.statements) {
      if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) {
        const typeOnly = ts.isImportDeclaration(statement)
          ? statement.importClause?.isTypeOnly === true
          : statement.isTypeOnly;
        if (!typeOnly && statement.moduleSpecifier) this.#loadModuleAt(statement.moduleSpecifier);
      } else if (!isDeclarationOnly(statement)) {
        this.#visit(statement, false);
      }
    }
  }

  reachSymbol(symbol: ts.Symbol): void {
    const target = symbol.flags & ts.SymbolFlags.Alias ? this.#checker.getAliasedSymbol(symbol) : symbol;
    for (const declaration of target.declarations ?? []) this.#reachDeclaration(declaration);
  }

  #loadModuleAt(specifier: ts.Node): void {
    const module = this.#checker.getSymbolAtLocation(specifier);
    const file = module?.valueDeclaration;
    if (file && ts.isSourceFile(file)) this.loadModule(file);
  }

  #enqueue(node: ts.Node | undefined): void {
    if (!node || this.#seen.has(node)) return;
    this.#seen.add(node);
    this.#pending.push(node);
  }

  #reachDeclaration(declaration: ts.Declaration): void {
    if (!this.#graph.isProjectNode(declaration)) return;
    if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) {
      this.#enqueue(declaration.initializer);
      if (ts.isPropertyDeclaration(declaration)) this.#dispatch(declaration);
    } else if (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration)) {
      this.#reachClass(declaration);
    } else if (ts.isMethodSignature(declaration) || ts.isPropertySignature(declaration)) {
      this.#dispatch(declaration);
    } else if (ts.isMethodDeclaration(declaration) || ts.isAccessor(declaration)) {
      this.#enqueue(declaration);
      this.#dispatch(declaration);
    } else if (ts.isFunctionLike(declaration) || ts.isPropertyAssignment(declaration)) {
      this.#enqueue(declaration);
    }
  }

  /** Constructing a class runs its constructor, its field initialisers and its base class's. */
  #reachClass(declaration: ts.ClassLikeDeclaration): void {
    if (this.#seen.has(declaration)) return;
    this.#seen.add(declaration);
    for (const member of declaration.members) {
      if (ts.isConstructorDeclaration(member) || ts.isClassStaticBlockDeclaration(member))
        this.#enqueue(member);
      else if (ts.isPropertyDeclaration(member)) this.#enqueue(member.initializer);
    }
    for (const clause of declaration.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const type of clause.types) this.#enqueue(type.expression);
    }
  }

  /**
   * A member named through a type (an interface, a type literal, a base class) runs the member
   * of the same name of whichever project class implements that type.
   */
  #dispatch(member: ts.NamedDeclaration): void {
    const owner = member.parent;
    const name = member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
    if (!owner || !name) return;
    const ownerSymbol =
      (ts.isInterfaceDeclaration(owner) || ts.isClassLike(owner)) && owner.name
        ? this.#checker.getSymbolAtLocation(owner.name)
        : undefined;
    const type = ownerSymbol
      ? this.#checker.getDeclaredTypeOfSymbol(ownerSymbol)
      : this.#checker.getTypeAtLocation(owner);
    for (const implementation of this.#graph.classesAssignableTo(type)) {
      for (const declaration of implementation.getProperty(name)?.declarations ?? []) {
        if (declaration === member) continue;
        if (ts.isMethodDeclaration(declaration) || ts.isAccessor(declaration)) this.#enqueue(declaration);
        else if (ts.isPropertyDeclaration(declaration)) this.#enqueue(declaration.initializer);
      }
    }
  }

  /**
   * Looks at every node of reachable code. `deep`: also inside nested functions (closures of
   * reachable code); not for a module's top-level code, whose functions run only when called.
   */
  #visit(node: ts.Node, deep: boolean): void {
    if (ts.isTypeNode(node) || isDeclarationOnly(node) || ts.isHeritageClause(node)) return;
    if (!deep && (ts.isFunctionLike(node) || ts.isClassLike(node))) return;
    if (ts.isIdentifier(node)) this.#identifier(node);
    else if (ts.isPrivateIdentifier(node)) this.#reachAt(node);
    else if (ts.isObjectLiteralExpression(node)) this.#transactionItem(node);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (specifier) this.#loadModuleAt(specifier);
    }
    ts.forEachChild(node, (child) => this.#visit(child, deep));
  }

  #identifier(node: ts.Identifier): void {
    const symbol = this.#checker.getSymbolAtLocation(node);
    if (!symbol) return;
    const target = symbol.flags & ts.SymbolFlags.Alias ? this.#checker.getAliasedSymbol(symbol) : symbol;
    const declaration = target.declarations?.[0];
    const pkg = declaration && this.#graph.sdkPackageOf(declaration);
    if (pkg) {
      this.#sdkCall(node, pkg);
      return;
    }
    this.reachSymbol(target);
  }

  #reachAt(node: ts.Node): void {
    const symbol = this.#checker.getSymbolAtLocation(node);
    if (symbol) this.reachSymbol(symbol);
  }

  /** `new XCommand(…)` or `paginateX(…)` of an `@aws-sdk/*` package, or a credential provider's call. */
  #sdkCall(node: ts.Identifier, pkg: string): void {
    const parent = node.parent;
    if (pkg === "credential-providers") {
      this.#credentialProviderCall(node);
      return;
    }
    const command = /^(\w+)Command$/.exec(node.text)?.[1];
    const paginated = /^paginate(\w+)$/.exec(node.text)?.[1];
    const called =
      (command && ts.isNewExpression(parent) && parent.expression === node) ||
      (paginated && ts.isCallExpression(parent) && parent.expression === node);
    const operation = called ? (command ?? paginated) : undefined;
    if (!operation) return;
    const service = SERVICE_OF_PACKAGE[pkg];
    const at = this.#graph.where(node);
    // Code reached twice (a closure on its own and inside its function) is one call site.
    if (this.#callSites.has(at)) return;
    this.#callSites.add(at);
    if (!service)
      throw new Error(`${at}: ${node.text} from @aws-sdk/${pkg}: add its IAM service to sdk-usage.ts`);
    const documentAction = pkg === "lib-dynamodb" ? DOCUMENT_CLIENT_ACTIONS[operation] : operation;
    if (TRANSACTIONS.has(operation)) {
      this.#rememberItemType(parent as ts.NewExpression);
      this.#calls.push({ operation: "TransactWriteItems", actions: [], at });
    } else if (documentAction) {
      this.#calls.push({ operation, actions: [`${service}:${documentAction}`], at });
    } else {
      throw new Error(`${at}: unknown document client command ${node.text}: add it to sdk-usage.ts`);
    }
  }

  /** `fromTemporaryCredentials(…)` and the like: the provider calls AWS with the caller's credentials. */
  #credentialProviderCall(node: ts.Identifier): void {
    const provider = CREDENTIAL_PROVIDER_CALLS[node.text];
    // Called by name, or as a member of a module loaded on demand (`sts.fromTemporaryCredentials(…)`).
    const callee =
      ts.isPropertyAccessExpression(node.parent) && node.parent.name === node ? node.parent : node;
    const parent = callee.parent;
    if (!provider || !ts.isCallExpression(parent) || parent.expression !== callee) return;
    const at = this.#graph.where(node);
    if (this.#callSites.has(at)) return;
    this.#callSites.add(at);
    this.#calls.push({ operation: provider.operation, actions: [provider.action], at });
  }

  /** Remembers an object literal that may be a transaction item (`{ Put: … }`, `{ Delete: … }`…). */
  #transactionItem(node: ts.ObjectLiteralExpression): void {
    if (itemKinds(node).length > 0) this.#itemCandidates.push(node);
  }

  /** `new TransactWriteCommand(input)`: the type of one of `input.TransactItems`. */
  #rememberItemType(construction: ts.NewExpression): void {
    const input = this.#checker.getResolvedSignature(construction)?.parameters[0];
    const items =
      input && this.#checker.getTypeOfSymbolAtLocation(input, construction).getProperty("TransactItems");
    const list = items && this.#checker.getTypeOfSymbolAtLocation(items, construction).getNonNullableType();
    const item = list?.getNumberIndexType();
    if (!item)
      throw new Error(`${this.#graph.where(construction)}: cannot tell the type of its TransactItems`);
    this.#transactionItemTypes.push(item);
  }

  /**
   * The actions of the reachable object literals that are transaction items: those whose type
   * fits the SDK's item type (so an item built in a callback or a helper counts as well).
   */
  #transactionItemActions(): Set<string> {
    const actions = new Set<string>();
    for (const literal of this.#itemCandidates) {
      const type = this.#checker.getTypeAtLocation(literal);
      if (!this.#transactionItemTypes.some((item) => this.#checker.isTypeAssignableTo(type, item))) continue;
      for (const kind of itemKinds(literal)) actions.add(TRANSACTION_ITEM_ACTIONS[kind] as string);
    }
    return actions;
  }
}

/** The transaction item kinds an object literal names (`Put`, `Update`, `Delete`, `ConditionCheck`). */
function itemKinds(node: ts.ObjectLiteralExpression): string[] {
  return node.properties.flatMap((property) =>
    property.name && ts.isIdentifier(property.name) && property.name.text in TRANSACTION_ITEM_ACTIONS
      ? [property.name.text]
      : [],
  );
}

/** Statements and nodes that declare types only, or import: nothing of them runs. */
function isDeclarationOnly(node: ts.Node): boolean {
  return (
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isImportDeclaration(node) ||
    ts.isExportDeclaration(node) ||
    (ts.isModuleDeclaration(node) && (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Ambient) !== 0)
  );
}
