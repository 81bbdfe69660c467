{{/*
Names of the subcharts' objects, computed with their own naming rule (bookstore-lib.fullnameFor)
from the values the umbrella passes them, so overrides are honoured and nothing is typed twice.
*/}}
{{- define "bookstore.recommendationsFullname" -}}
{{- include "bookstore-lib.fullnameFor" (dict "release" .Release.Name "chart" "recommendations" "nameOverride" .Values.recommendations.nameOverride "fullnameOverride" .Values.recommendations.fullnameOverride) }}
{{- end }}

{{- define "bookstore.marketplaceFullname" -}}
{{- include "bookstore-lib.fullnameFor" (dict "release" .Release.Name "chart" "marketplace" "nameOverride" .Values.marketplace.nameOverride "fullnameOverride" .Values.marketplace.fullnameOverride) }}
{{- end }}

{{/*
Pod spec of the integration tests, shared by the helm test hook (a Pod, so `helm test --logs` can
print it) and the plain Job. Service names are namespace-relative: the tests always run in the
release's namespace, and the generated Job stays valid whatever namespace it is applied to.
*/}}
{{- define "bookstore.integrationTestsPodSpec" -}}
restartPolicy: Never
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- include "bookstore-lib.podSecurityContext" . | nindent 2 }}
containers:
  - name: integration-tests
    image: {{ include "bookstore-lib.image" (dict "image" .Values.integrationTests.image "key" "integrationTests.image" "context" $) | quote }}
    imagePullPolicy: {{ .Values.integrationTests.image.pullPolicy }}
    securityContext:
      {{- include "bookstore-lib.containerSecurityContext" . | nindent 6 }}
    env:
      - name: MARKETPLACE_URL
        value: {{ printf "http://%s:%v" (include "bookstore.marketplaceFullname" .) .Values.marketplace.service.port | quote }}
      - name: RECOMMENDATIONS_TARGET
        value: {{ printf "%s:%v" (include "bookstore.recommendationsFullname" .) .Values.recommendations.ports.grpc | quote }}
    resources:
      {{- toYaml .Values.integrationTests.resources | nindent 6 }}
    # The root filesystem is read-only; the test runner needs a scratch /tmp.
    volumeMounts:
      - name: tmp
        mountPath: /tmp
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ .Values.integrationTests.tmpSizeLimit }}
{{- end }}

{{/* Labels of the test pods; the services' NetworkPolicies admit them by component (bookstore-lib.peer). */}}
{{- define "bookstore.integrationTestsLabels" -}}
{{ include "bookstore-lib.labels" . }}
app.kubernetes.io/component: {{ include "bookstore-lib.component" "integration-tests" }}
{{- end }}
