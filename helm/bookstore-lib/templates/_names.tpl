{{/*
Names and labels, in the `helm create` style. Every define takes the calling chart's root context
(`.`), so `.Chart` and `.Values` are the caller's, never this library's.
*/}}

{{/* Chart name, or .Values.nameOverride. */}}
{{- define "bookstore-lib.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The `helm create` fullname rule for ANY release/chart pair, so a chart can compute the name another
chart's objects get (marketplace derives the recommendations Service name with it) without copying the
rule. Args: dict "release" "chart" "nameOverride" "fullnameOverride" (the last two may be empty).
*/}}
{{- define "bookstore-lib.fullnameFor" -}}
{{- if .fullnameOverride }}
{{- .fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .chart .nameOverride }}
{{- if contains $name .release }}
{{- .release | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .release $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Fully qualified app name (63 chars max: some Kubernetes name fields are DNS labels). */}}
{{- define "bookstore-lib.fullname" -}}
{{- include "bookstore-lib.fullnameFor" (dict "release" .Release.Name "chart" .Chart.Name "nameOverride" .Values.nameOverride "fullnameOverride" .Values.fullnameOverride) }}
{{- end }}

{{/* Chart name and version, as used by the helm.sh/chart label. */}}
{{- define "bookstore-lib.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Common labels. */}}
{{- define "bookstore-lib.labels" -}}
helm.sh/chart: {{ include "bookstore-lib.chart" . }}
{{ include "bookstore-lib.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: bookstore
{{- end }}

{{/*
Selector labels: ONLY name + instance. They are immutable on a Deployment, so nothing that changes
between upgrades (version, chart) may be in here.
*/}}
{{- define "bookstore-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bookstore-lib.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount the pods run as. */}}
{{- define "bookstore-lib.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "bookstore-lib.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image reference. "repo@digest" when a digest is given (immutable, what CI/Skaffold push gives),
otherwise "repo:tag" with the tag defaulting to the chart's appVersion. An empty digest is simply
absent, so "repo:tag@" can never be rendered. With image.requireRegistry (staging) the repository must
start with a registry host (a first component with "." or ":", or "localhost", as Docker reads names):
"bookstore/marketplace" would be pulled from a Docker Hub namespace someone else controls.
Args: dict "image" <image values> "key" <its values key, for the message> "context" $.
*/}}
{{- define "bookstore-lib.image" -}}
{{- $image := .image }}
{{- if and $image.requireRegistry (not (regexMatch "^(localhost|[^/]*[.:][^/]*)/" $image.repository)) }}
{{- fail (printf "%s.repository=%q has no registry host: staging pulls from a registry you control, never from Docker Hub. Set it to <registry>/bookstore_<name>, as `make deploy-staging REGISTRY=<registry> IMAGE_TAG=<tag>` and `skaffold run -p staging --default-repo <registry>` do" .key $image.repository) }}
{{- end }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (toString (default .context.Chart.AppVersion $image.tag)) }}
{{- end }}
{{- end }}

{{/*
"true" when this chart is a subchart of the umbrella (helm/bookstore sets global.bookstore.umbrella): its
sibling then is this release's, so each service derives the other's Service name and pod labels from the
release, and nothing has to be typed twice.
*/}}
{{- define "bookstore-lib.inUmbrella" -}}
{{- if dig "bookstore" "umbrella" false (.Values.global | default dict) }}true{{ end }}
{{- end }}

{{/* Where this chart's values sit for the user: "recommendations." in the umbrella, "" alone (for messages). */}}
{{- define "bookstore-lib.valuesPrefix" -}}
{{- if include "bookstore-lib.inUmbrella" . }}{{ .Chart.Name }}.{{ end }}
{{- end }}

{{/*
app.kubernetes.io/component of each bookstore workload's pods. NetworkPolicy peers select pods by it, never by
app.kubernetes.io/name, which nameOverride changes. Arg: the chart name (or "integration-tests").
*/}}
{{- define "bookstore-lib.component" -}}
{{- $c := get (dict "recommendations" "grpc-server" "marketplace" "web" "integration-tests" "integration-tests") . }}
{{- if not $c }}{{ fail (printf "bookstore-lib.component: unknown workload %q" .) }}{{ end }}
{{- $c }}
{{- end }}

{{/*
A NetworkPolicyPeer of one bookstore workload's pods: part-of and component always, instance when the release
is known, and a namespaceSelector when they run in another namespace.
Args: dict "component" <chart name> "release" <release, "" = any> "namespace" <namespace, "" = the policy's own>.
*/}}
{{- define "bookstore-lib.peer" -}}
- podSelector:
    matchLabels:
      app.kubernetes.io/part-of: bookstore
      app.kubernetes.io/component: {{ include "bookstore-lib.component" .component }}
      {{- with .release }}
      app.kubernetes.io/instance: {{ . }}
      {{- end }}
  {{- with .namespace }}
  namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ . }}
  {{- end }}
{{- end }}

{{/* The Service Prometheus scrapes: <fullname>-metrics. Its name is the `service` label of every series. */}}
{{- define "bookstore-lib.metricsServiceName" -}}
{{- printf "%s-metrics" (include "bookstore-lib.fullname" . | trunc 55 | trimSuffix "-") }}
{{- end }}

{{/*
Local port for a printed `kubectl port-forward`: the Service port, unless it is privileged (< 1024), which a
non-root user cannot bind; then 8080.
*/}}
{{- define "bookstore-lib.localPort" -}}
{{- if lt (int .) 1024 }}8080{{ else }}{{ . }}{{ end }}
{{- end }}
