{{/*
Whole objects that are identical in shape for every service chart. A chart renders one with a
one-line template, e.g. templates/pdb.yaml: {{ include "bookstore-lib.pdb" . }}
*/}}

{{/* ServiceAccount without an API token: the services never call the Kubernetes API. */}}
{{- define "bookstore-lib.serviceAccount" -}}
{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "bookstore-lib.serviceAccountName" . }}
  labels:
    {{- include "bookstore-lib.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end }}
{{- end }}

{{/*
PodDisruptionBudget. unhealthyPodEvictionPolicy AlwaysAllow lets a node drain evict pods that are
already failing readiness, so a broken rollout cannot block node maintenance.
*/}}
{{- define "bookstore-lib.pdb" -}}
{{- if .Values.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "bookstore-lib.fullname" . }}
  labels:
    {{- include "bookstore-lib.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .Values.podDisruptionBudget.maxUnavailable }}
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      {{- include "bookstore-lib.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}

{{/* HorizontalPodAutoscaler (autoscaling/v2) on CPU utilisation of the Deployment. */}}
{{- define "bookstore-lib.hpa" -}}
{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "bookstore-lib.fullname" . }}
  labels:
    {{- include "bookstore-lib.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "bookstore-lib.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}

{{/*
True (non-empty) when the Prometheus Operator CRDs are installed: ServiceMonitor and PrometheusRule
are only rendered then, so enabling them on a cluster without the operator cannot break an install.
Args: dict "context" $ "kind" "ServiceMonitor"|"PrometheusRule".
*/}}
{{- define "bookstore-lib.hasPrometheusOperator" -}}
{{- if .context.Capabilities.APIVersions.Has (printf "monitoring.coreos.com/v1/%s" .kind) }}true{{ end }}
{{- end }}

{{/*
The release label of ServiceMonitor and PrometheusRule: kube-prometheus-stack's Prometheus selects both by
release=<its Helm release> by default (serviceMonitorSelector, ruleSelector), so they must carry it to be found.
*/}}
{{- define "bookstore-lib.prometheusReleaseLabel" -}}
{{- with .Values.metrics.prometheus.release }}
release: {{ . | quote }}
{{- end }}
{{- end }}

{{/*
The Service of the metrics port alone, for the ServiceMonitor. The public Service never carries /metrics, so
making it a LoadBalancer (or putting an Ingress in front) cannot publish them.
*/}}
{{- define "bookstore-lib.metricsService" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "bookstore-lib.metricsServiceName" . }}
  labels:
    {{- include "bookstore-lib.labels" . | nindent 4 }}
    app.kubernetes.io/component: metrics
spec:
  # Headless: Prometheus scrapes each pod through the EndpointSlices; no virtual IP is needed.
  clusterIP: None
  selector:
    {{- include "bookstore-lib.selectorLabels" . | nindent 4 }}
  ports:
    - name: metrics
      port: {{ .Values.ports.metrics }}
      targetPort: metrics
      protocol: TCP
      appProtocol: http
{{- end }}

{{/* ServiceMonitor scraping the metrics Service's port named "metrics". */}}
{{- define "bookstore-lib.serviceMonitor" -}}
{{- if and .Values.serviceMonitor.enabled (include "bookstore-lib.hasPrometheusOperator" (dict "context" . "kind" "ServiceMonitor")) }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "bookstore-lib.fullname" . }}
  labels:
    {{- include "bookstore-lib.labels" . | nindent 4 }}
    {{- include "bookstore-lib.prometheusReleaseLabel" . | nindent 4 }}
    {{- with .Values.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  namespaceSelector:
    matchNames:
      - {{ .Release.Namespace }}
  selector:
    matchLabels:
      {{- include "bookstore-lib.selectorLabels" . | nindent 6 }}
      app.kubernetes.io/component: metrics
  endpoints:
    - port: metrics
      path: /metrics
      interval: {{ .Values.serviceMonitor.interval }}
      scrapeTimeout: {{ .Values.serviceMonitor.scrapeTimeout }}
{{- end }}
{{- end }}

{{/* Header of a PrometheusRule; the chart supplies spec.groups. Same gating as the ServiceMonitor. */}}
{{- define "bookstore-lib.prometheusRuleMetadata" -}}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ include "bookstore-lib.fullname" . }}
  labels:
    {{- include "bookstore-lib.labels" . | nindent 4 }}
    {{- include "bookstore-lib.prometheusReleaseLabel" . | nindent 4 }}
    {{- with .Values.prometheusRule.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}

{{/*
NetworkPolicy of a service chart's pods. Ingress: the chart's own rules, then scraping of the metrics port by
the Prometheus pods metrics.prometheus describes (and networkPolicy.metricsFrom); nothing else. With
networkPolicy.egress.enabled, egress too: DNS (networkPolicy.egress.dnsTo), then the chart's own egress rules.
Kubelet probes are not subject to NetworkPolicy, so the grpc-health ports need no rule.
Args: dict "context" $ "ingress" <YAML list of ingress rules, may be empty> "egress" <YAML list of egress rules, may be empty>.
*/}}
{{- define "bookstore-lib.networkPolicy" -}}
{{- $ := .context }}
{{- $np := $.Values.networkPolicy }}
{{- $prom := $.Values.metrics.prometheus }}
{{- if $np.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "bookstore-lib.fullname" $ }}
  labels:
    {{- include "bookstore-lib.labels" $ | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "bookstore-lib.selectorLabels" $ | nindent 6 }}
  # Selecting the pods with a policy type denies all of that direction except the rules below.
  policyTypes:
    - Ingress
    {{- if $np.egress.enabled }}
    - Egress
    {{- end }}
  ingress:
    {{- with .ingress }}
    {{- . | nindent 4 }}
    {{- end }}
    # Prometheus (kube-prometheus-stack labels its pods app.kubernetes.io/name=prometheus), then metricsFrom.
    - from:
        - podSelector:
            matchLabels:
              {{- toYaml $prom.podLabels | nindent 14 }}
          {{- if $prom.namespace }}
          namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ $prom.namespace }}
          {{- else }}
          namespaceSelector: {}
          {{- end }}
        {{- with $np.metricsFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - port: metrics
          protocol: TCP
  {{- if $np.egress.enabled }}
  egress:
    - to:
        {{- toYaml $np.egress.dnsTo | nindent 8 }}
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- with .egress }}
    {{- . | nindent 4 }}
    {{- end }}
  {{- end }}
{{- end }}
{{- end }}

{{/*
NOTES.txt lines on how Prometheus finds one service: the release label, the scrapers the NetworkPolicy admits,
and a warning where the CRDs are missing. Args: dict "context" $ "name" <the service's fullname> "values" <its
values> "key" <where they sit for the user: "" or "recommendations.">.
*/}}
{{- define "bookstore-lib.monitoringNotes" -}}
{{- $v := .values }}
{{- $prom := $v.metrics.prometheus }}
{{- if or $v.serviceMonitor.enabled $v.prometheusRule.enabled }}
{{- if $prom.release }}
{{ .name }}: its ServiceMonitor and PrometheusRule carry release={{ $prom.release }}, which kube-prometheus-stack's
  default selectors match when it is installed as Helm release "{{ $prom.release }}"; else set {{ .key }}metrics.prometheus.release.
{{- else }}
{{ .name }}: its ServiceMonitor and PrometheusRule carry no release label ({{ .key }}metrics.prometheus.release is empty).
{{- end }}
{{- if $v.networkPolicy.enabled }}
  Its NetworkPolicy admits scrapes from pods labelled {{ include "bookstore-lib.labelList" $prom.podLabels }} in {{ if $prom.namespace }}namespace {{ $prom.namespace }}{{ else }}any namespace{{ end }}
  ({{ .key }}metrics.prometheus.podLabels, {{ .key }}metrics.prometheus.namespace).
{{- end }}
{{- if and $v.serviceMonitor.enabled (not (include "bookstore-lib.hasPrometheusOperator" (dict "context" .context "kind" "ServiceMonitor"))) }}
  WARNING: {{ .key }}serviceMonitor.enabled is true but the cluster has no monitoring.coreos.com/v1 ServiceMonitor; none was created.
{{- end }}
{{- end }}
{{- end }}

{{/* A label map as k=v,k2=v2 (sorted), as kubectl --selector takes it. */}}
{{- define "bookstore-lib.labelList" -}}
{{- $pairs := list }}
{{- range $k, $v := . }}{{ $pairs = append $pairs (printf "%s=%s" $k $v) }}{{ end }}
{{- join "," $pairs }}
{{- end }}
