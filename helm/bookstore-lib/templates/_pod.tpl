{{/*
Pod building blocks shared by every workload of the bookstore charts. The hardening is fixed here
rather than exposed as values: the images are built to run as 1000:1000 on a read-only root
filesystem (docs/CONTRACT.md), and a copied example should not offer a knob to weaken that.
*/}}

{{/* Pod-level securityContext. */}}
{{- define "bookstore-lib.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level securityContext (repeats the user so each container is safe on its own). */}}
{{- define "bookstore-lib.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Drain timing (docs/CONTRACT.md): the preStop sleep keeps the pod serving while endpoints are removed,
then SIGTERM gives in-flight work SHUTDOWN_GRACE_MS. The grace period is DERIVED from the same
values, so terminationGracePeriodSeconds >= preStop + connection-close delay (marketplace) + grace + margin
always holds.
*/}}
{{- define "bookstore-lib.terminationGracePeriodSeconds" -}}
{{- add .Values.drain.preStopSleepSeconds (default 0 .Values.drain.connectionCloseSeconds) .Values.drain.shutdownGraceSeconds .Values.drain.marginSeconds }}
{{- end }}

{{/* SHUTDOWN_GRACE_MS for the container env, from the same value as the grace period above. */}}
{{- define "bookstore-lib.shutdownGraceMs" -}}
{{- mul .Values.drain.shutdownGraceSeconds 1000 }}
{{- end }}

{{/* Native sleep action (no shell in the images, and none is needed). */}}
{{- define "bookstore-lib.lifecycle" -}}
preStop:
  sleep:
    seconds: {{ .Values.drain.preStopSleepSeconds }}
{{- end }}

{{/*
Scheduling: node selection from values, a soft anti-affinity on the hostname (replicas prefer
different nodes even without topology spread) unless .Values.affinity replaces it, and optional
topology spread constraints. matchLabelKeys pod-template-hash keeps a rolling update from being
balanced against the old ReplicaSet's pods.
*/}}
{{- define "bookstore-lib.scheduling" -}}
affinity:
  {{- if .Values.affinity }}
  {{- toYaml .Values.affinity | nindent 2 }}
  {{- else }}
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "bookstore-lib.selectorLabels" . | nindent 14 }}
  {{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .Values.topologySpread.enabled }}
topologySpreadConstraints:
  {{- range .Values.topologySpread.topologyKeys }}
  - maxSkew: {{ $.Values.topologySpread.maxSkew }}
    topologyKey: {{ . }}
    whenUnsatisfiable: {{ $.Values.topologySpread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "bookstore-lib.selectorLabels" $ | nindent 8 }}
    matchLabelKeys:
      - pod-template-hash
  {{- end }}
{{- end }}
{{- end }}

{{/* Resources are required (the schema enforces requests and limits). */}}
{{- define "bookstore-lib.resources" -}}
{{- toYaml .Values.resources }}
{{- end }}

{{/*
Optional TLS: a kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt: what cert-manager writes) mounted
read-only; the services switch to mutual TLS when all three TLS_* variables are set.
*/}}
{{- define "bookstore-lib.tlsEnv" -}}
{{- if .Values.tls.enabled -}}
- name: TLS_CERT_FILE
  value: /etc/bookstore/tls/tls.crt
- name: TLS_KEY_FILE
  value: /etc/bookstore/tls/tls.key
- name: TLS_CA_FILE
  value: /etc/bookstore/tls/ca.crt
{{- end }}
{{- end }}

{{- define "bookstore-lib.tlsVolumeMounts" -}}
{{- if .Values.tls.enabled -}}
- name: tls
  mountPath: /etc/bookstore/tls
  readOnly: true
{{- end }}
{{- end }}

{{- define "bookstore-lib.tlsVolumes" -}}
{{- if .Values.tls.enabled -}}
- name: tls
  secret:
    secretName: {{ required "tls.secretName is required when tls.enabled" .Values.tls.secretName }}
{{- end }}
{{- end }}

{{/*
Pod annotations: scrape hints for annotation-based Prometheus setups, then the user's
podAnnotations (which win on a clash).
*/}}
{{- define "bookstore-lib.podAnnotations" -}}
{{- $annotations := dict }}
{{- if .Values.metrics.scrapeAnnotations }}
{{- $_ := set $annotations "prometheus.io/scrape" "true" }}
{{- $_ := set $annotations "prometheus.io/port" (toString .Values.ports.metrics) }}
{{- $_ := set $annotations "prometheus.io/path" "/metrics" }}
{{- end }}
{{- $annotations = merge (deepCopy .Values.podAnnotations) $annotations }}
{{- if $annotations }}{{ toYaml $annotations }}{{ end }}
{{- end }}
