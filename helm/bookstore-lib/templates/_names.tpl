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
absent, so "repo:tag@" can never be rendered. Args: dict "image" <image values> "context" $.
*/}}
{{- define "bookstore-lib.image" -}}
{{- $image := .image }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (toString (default .context.Chart.AppVersion $image.tag)) }}
{{- end }}
{{- end }}
