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

{{/* ServiceMonitor scraping the Service's port named "metrics". */}}
{{- define "bookstore-lib.serviceMonitor" -}}
{{- if and .Values.serviceMonitor.enabled (include "bookstore-lib.hasPrometheusOperator" (dict "context" . "kind" "ServiceMonitor")) }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "bookstore-lib.fullname" . }}
  labels:
    {{- include "bookstore-lib.labels" . | nindent 4 }}
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
    {{- with .Values.prometheusRule.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}
