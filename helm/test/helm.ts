// Renders the charts with the real `helm template` and gives the tests typed objects to assert on.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

// ---- the parts of the Kubernetes objects the tests look at ---------------------------------------
export type Labels = Record<string, string>;
export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}
export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}
export interface Probe {
  grpc?: { port: number; service?: string };
  httpGet?: { path: string; port: number | string };
  periodSeconds?: number;
  failureThreshold?: number;
}
export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}
export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  ports?: ContainerPort[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  securityContext?: SecurityContext;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  lifecycle?: { preStop?: { sleep?: { seconds: number }; exec?: unknown } };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
export interface PodSpec {
  containers: Container[];
  securityContext?: SecurityContext;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  enableServiceLinks?: boolean;
  terminationGracePeriodSeconds?: number;
  restartPolicy?: string;
  activeDeadlineSeconds?: number;
  affinity?: {
    podAntiAffinity?: {
      preferredDuringSchedulingIgnoredDuringExecution?: {
        weight: number;
        podAffinityTerm: { topologyKey: string; labelSelector: LabelSelector };
      }[];
    };
  };
  topologySpreadConstraints?: {
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: string;
    labelSelector: LabelSelector;
    matchLabelKeys?: string[];
  }[];
  volumes?: { name: string; emptyDir?: { sizeLimit?: string }; secret?: { secretName: string } }[];
}
export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}
export interface NetworkPolicyPort {
  port?: number | string;
  protocol?: string;
}
export interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}
export interface Spec extends Partial<PodSpec> {
  // Deployment, Job
  replicas?: number;
  backoffLimit?: number;
  selector?: LabelSelector & Labels; // a LabelSelector on workloads, a plain label map on Services
  template?: { metadata: { labels: Labels; annotations?: Record<string, string> }; spec: PodSpec };
  // Service
  clusterIP?: string;
  type?: string;
  ports?: ServicePort[];
  // NetworkPolicy
  podSelector?: LabelSelector;
  policyTypes?: string[];
  ingress?: NetworkPolicyRule[];
  egress?: NetworkPolicyRule[];
  // HorizontalPodAutoscaler
  minReplicas?: number;
  maxReplicas?: number;
  scaleTargetRef?: { apiVersion: string; kind: string; name: string };
  // PodDisruptionBudget
  maxUnavailable?: number | string;
  unhealthyPodEvictionPolicy?: string;
  // ServiceMonitor
  endpoints?: { port: string; path?: string }[];
  namespaceSelector?: { matchNames?: string[] };
  // PrometheusRule
  groups?: { name: string; rules: { alert?: string; expr: string; for?: string }[] }[];
}
/** networking.k8s.io/v1 Ingress spec. */
export interface IngressSpec {
  ingressClassName?: string;
  tls?: { hosts?: string[]; secretName: string }[];
  rules: {
    host?: string;
    http: {
      paths: {
        path: string;
        pathType: string;
        backend: { service: { name: string; port: { name?: string; number?: number } } };
      }[];
    };
  }[];
}
/** gateway.networking.k8s.io/v1 HTTPRoute spec. */
export interface HTTPRouteSpec {
  parentRefs: {
    name: string;
    namespace?: string;
    sectionName?: string;
    group?: string;
    kind?: string;
    port?: number;
  }[];
  hostnames?: string[];
  rules: { matches?: unknown[]; backendRefs: { name: string; port: number; kind?: string; group?: string }[] }[];
}
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels; annotations?: Record<string, string> };
  spec?: Spec;
  data?: Record<string, string>;
}

// ---- locating the repository and helm ------------------------------------------------------------
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'helm/bookstore/Chart.yaml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no helm/bookstore/Chart.yaml above ${start}`);
  }
}
export const repoRoot = findRoot(process.cwd());

/** helm from $HELM (make passes it), else the pinned bin/helm, else PATH. */
export function helmBin(): string {
  if (process.env.HELM) return process.env.HELM;
  const pinned = path.join(repoRoot, 'bin/helm');
  return existsSync(pinned) ? pinned : 'helm';
}

export type Chart = 'recommendations' | 'marketplace' | 'bookstore';
export interface RenderOptions {
  release?: string;
  namespace?: string;
  /** Values files, relative to the repository root. */
  values?: string[];
  /** --set key=value pairs. */
  set?: string[];
  /** Announce the Prometheus Operator CRDs (monitoring.coreos.com/v1 ServiceMonitor, PrometheusRule). */
  prometheusOperator?: boolean;
  /** Capabilities.KubeVersion; null = helm's compiled-in default (what skaffold's `helm template` gets). */
  kubeVersion?: string | null;
}

function helmArgs(chart: Chart, o: RenderOptions): string[] {
  const args = ['template', o.release ?? chart, path.join('helm', chart), '--namespace', o.namespace ?? 'default'];
  if (o.kubeVersion !== null) args.push('--kube-version', o.kubeVersion ?? '1.34.0');
  for (const v of o.values ?? []) args.push('-f', v);
  for (const s of o.set ?? []) args.push('--set', s);
  if (o.prometheusOperator) {
    args.push(
      '--api-versions',
      'monitoring.coreos.com/v1/ServiceMonitor',
      '--api-versions',
      'monitoring.coreos.com/v1/PrometheusRule',
    );
  }
  return args;
}

const cache = new Map<string, K8sObject[]>();

/** `helm template` the chart and parse every document. Throws with helm's stderr on failure. */
export function render(chart: Chart, o: RenderOptions = {}): K8sObject[] {
  const args = helmArgs(chart, o);
  const key = args.join('\0');
  const hit = cache.get(key);
  if (hit) return hit;
  const out = execFileSync(helmBin(), args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const objects = parseAllDocuments(out)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
  cache.set(key, objects);
  return objects;
}

/** Runs `helm template` expecting it to FAIL; returns its stderr. */
export function renderError(chart: Chart, o: RenderOptions = {}): string {
  try {
    execFileSync(helmBin(), helmArgs(chart, o), { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e);
  }
  throw new Error(`helm template ${chart} succeeded but was expected to fail`);
}

// ---- staging renders ----------------------------------------------------------------------------
/** A registry as `make deploy-staging REGISTRY=...` gets one: staging refuses images without a registry host. */
export const REGISTRY = 'registry.example.com/team';

/** --set pairs that give a chart's images repositories in REGISTRY (the layout make deploy-staging uses). */
export function registryImages(chart: Chart): string[] {
  const repo = (image: string) => `${REGISTRY}/bookstore_${image}`;
  if (chart !== 'bookstore') return [`image.repository=${repo(chart)}`];
  return [
    `recommendations.image.repository=${repo('recommendations')}`,
    `marketplace.image.repository=${repo('marketplace')}`,
    `integrationTests.image.repository=${repo('integration-tests')}`,
  ];
}

/** Render options of the chart's values-staging.yaml with registry images, plus `o`'s own values and sets. */
export function staging(chart: Chart, o: RenderOptions = {}): RenderOptions {
  return {
    ...o,
    values: [`helm/${chart}/values-staging.yaml`, ...(o.values ?? [])],
    set: [...registryImages(chart), ...(o.set ?? [])],
  };
}

// ---- small queries -------------------------------------------------------------------------------
export function all(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** The one object of `kind` whose name includes `nameIncludes`; a name equal to it wins over longer ones. */
export function one(objects: K8sObject[], kind: string, nameIncludes = ''): K8sObject {
  const matching = objects.filter((o) => o.kind === kind && o.metadata.name.includes(nameIncludes));
  const exact = matching.filter((o) => o.metadata.name === nameIncludes);
  const found = exact.length === 1 ? exact : matching;
  if (found.length !== 1) {
    throw new Error(
      `expected exactly one ${kind} named *${nameIncludes}*, found ${found.map((o) => o.metadata.name).join(', ') || 'none'}`,
    );
  }
  return found[0]!;
}

export function spec(o: K8sObject): Spec {
  if (!o.spec) throw new Error(`${o.kind}/${o.metadata.name} has no spec`);
  return o.spec;
}

export function podTemplate(o: K8sObject): { labels: Labels; spec: PodSpec } {
  const t = spec(o).template;
  if (!t) throw new Error(`${o.kind}/${o.metadata.name} has no pod template`);
  return { labels: t.metadata.labels, spec: t.spec };
}

export function env(c: Container, name: string): string | undefined {
  return c.env?.find((e) => e.name === name)?.value;
}

/**
 * The value the process sees in a pod running in `namespace`, as the kubelet computes it: `metadata.namespace`
 * field refs resolved, and `$(VAR)` expanded from the entries defined BEFORE this one (later ones stay literal).
 */
export function podEnv(c: Container, name: string, namespace: string): string | undefined {
  const seen = new Map<string, string>();
  for (const entry of c.env ?? []) {
    const field = entry.valueFrom?.fieldRef?.fieldPath;
    const raw = field === 'metadata.namespace' ? namespace : (entry.value ?? '');
    const value = raw.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (ref, v: string) => seen.get(v) ?? ref);
    if (entry.name === name) return value;
    seen.set(entry.name, value);
  }
  return undefined;
}

/** Kubernetes label selector semantics (matchLabels AND matchExpressions). */
export function selects(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const v = labels[e.key];
    switch (e.operator) {
      case 'In':
        return v !== undefined && (e.values ?? []).includes(v);
      case 'NotIn':
        return v === undefined || !(e.values ?? []).includes(v);
      case 'Exists':
        return v !== undefined;
      case 'DoesNotExist':
        return v === undefined;
      default:
        throw new Error(`unknown operator ${e.operator}`);
    }
  });
  return byLabels && byExpressions;
}

/** Where a pod runs, as NetworkPolicy sees it: its namespace's labels, and whether that is the policy's namespace. */
export interface PodNamespace {
  labels: Labels;
  sameAsPolicy: boolean;
}

/** Whether a NetworkPolicy peer admits a pod (podSelector alone = the policy's own namespace). */
export function peerAdmits(peer: NetworkPolicyPeer, podLabels: Labels, ns: PodNamespace): boolean {
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, ns.labels) : ns.sameAsPolicy;
  const podOk = peer.podSelector ? selects(peer.podSelector, podLabels) : true;
  return nsOk && podOk;
}

/** Whether one rule's ports include `port` (a rule without ports covers every port; a port without protocol is TCP). */
function portMatches(rule: NetworkPolicyRule, port: number | string, protocol: string): boolean {
  return (
    (rule.ports ?? []).length === 0 ||
    (rule.ports ?? []).some((p) => (p.port === undefined || p.port === port) && (p.protocol ?? 'TCP') === protocol)
  );
}

/** Whether an ingress rule of a NetworkPolicy admits that pod on the named port. */
export function ingressAdmits(np: K8sObject, podLabels: Labels, ns: PodNamespace, port: string): boolean {
  return (spec(np).ingress ?? []).some((rule) => {
    const fromOk =
      rule.from === undefined || rule.from.length === 0 || rule.from.some((peer) => peerAdmits(peer, podLabels, ns));
    return portMatches(rule, port, 'TCP') && fromOk;
  });
}

/**
 * Whether the policy lets its pods connect to that pod on `port`/`protocol`: always when it does not restrict
 * egress (no Egress policy type), else when one egress rule admits it.
 */
export function egressAdmits(
  np: K8sObject,
  podLabels: Labels,
  ns: PodNamespace,
  port: number | string,
  protocol = 'TCP',
): boolean {
  if (!(spec(np).policyTypes ?? []).includes('Egress')) return true;
  return (spec(np).egress ?? []).some((rule) => {
    const toOk =
      rule.to === undefined || rule.to.length === 0 || rule.to.some((peer) => peerAdmits(peer, podLabels, ns));
    return portMatches(rule, port, protocol) && toOk;
  });
}

/** Bytes of a Kubernetes memory/storage quantity ("64Mi", "1G", "512"); the forms the schemas accept. */
export function bytes(quantity: string | number): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(quantity));
  if (!m) throw new Error(`not a byte quantity: ${String(quantity)}`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

/** The port numbers a container declares, by name. */
export function containerPorts(c: Container): Map<string, number> {
  return new Map((c.ports ?? []).map((p) => [p.name ?? '', p.containerPort]));
}

/**
 * NOTES.txt as the user would see it after `helm install`. helm template does not render NOTES and
 * `helm install --dry-run` needs a cluster, so a scratch copy of the chart renders the same file
 * through `tpl` into a ConfigMap: same template engine, same values, same helpers.
 */
export function renderNotes(chart: Chart, o: RenderOptions = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'notes-'));
  try {
    const copy = path.join(dir, chart);
    cpSync(path.join(repoRoot, 'helm', chart), copy, { recursive: true });
    renameSync(path.join(copy, 'templates/NOTES.txt'), path.join(copy, 'notes.txt'));
    writeFileSync(
      path.join(copy, 'templates/zz-notes.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rendered-notes\ndata:\n  notes: {{ tpl (.Files.Get "notes.txt") . | toJson }}\n',
    );
    const args = helmArgs(chart, o);
    args[2] = copy;
    args.push('--show-only', 'templates/zz-notes.yaml');
    const out = execFileSync(helmBin(), args, { cwd: repoRoot, encoding: 'utf8' });
    const cm = parseAllDocuments(out)[0]?.toJS() as K8sObject | undefined;
    return cm?.data?.notes ?? '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
