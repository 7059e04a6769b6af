{{/* Release-wide name: <release>-provtest unless the release name already contains the chart name. */}}
{{- define "provtest.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The four services: values key -> name of the service (its image, its rpc.service-name). */}}
{{- define "provtest.components" -}}
gateway: api-gateway
routeManager: route-manager
flowManager: flow-manager
callManager: call-manager
{{- end -}}

{{- define "provtest.componentName" -}}
{{- index (include "provtest.components" . | fromYaml) .component -}}
{{- end -}}

{{- define "provtest.selectorLabels" -}}
app.kubernetes.io/name: {{ default .root.Chart.Name .root.Values.nameOverride }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ include "provtest.componentName" (dict "component" .component) }}
{{- end -}}

{{- define "provtest.labels" -}}
{{ include "provtest.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: provtest
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* <fullname>-<service>, e.g. provtest-call-manager */}}
{{- define "provtest.resourceName" -}}
{{- printf "%s-%s" (include "provtest.fullname" .root) (include "provtest.componentName" (dict "component" .component)) -}}
{{- end -}}

{{/* A duration of the values' form (digits, then ms, s, m, h or d: values.schema.json checks it) in milliseconds,
for the templates' comparisons of two settings. */}}
{{- define "provtest.millis" -}}
{{- $digits := regexFind "^[0-9]+" . -}}
{{- $factor := get (dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000 "d" 86400000) (trimPrefix $digits .) -}}
{{- mul (int64 $digits) (int64 $factor) -}}
{{- end -}}

{{/* Image reference: never "latest"; the tag defaults to the chart's appVersion. */}}
{{- define "provtest.image" -}}
{{- $v := .root.Values -}}
{{- $tag := default .root.Chart.AppVersion $v.image.tag -}}
{{- if eq (lower $tag) "latest" -}}
{{- fail "image.tag must name a version; \"latest\" is refused (an upgrade or a rollback must know what it runs)" -}}
{{- end -}}
{{- $repo := printf "%s/%s" $v.image.group (index $v .component).image -}}
{{- if $v.image.registry -}}
{{- $repo = printf "%s/%s" (trimSuffix "/" $v.image.registry) $repo -}}
{{- end -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}

{{- define "provtest.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "provtest.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Database and broker settings every service reads (application.properties: DB_*, BROKER_*). */}}
{{- define "provtest.commonConfig" -}}
DB_HOST: {{ .Values.database.host | quote }}
DB_PORT: {{ .Values.database.port | quote }}
DB_NAME: {{ .Values.database.name | quote }}
BROKER_HOST: {{ .Values.broker.host | quote }}
BROKER_PORT: {{ .Values.broker.port | quote }}
BROKER_VIRTUAL_HOST: {{ .Values.broker.virtualHost | quote }}
BROKER_QUEUE_TYPE: {{ .Values.broker.queueType | quote }}
BROKER_DELIVERY_LIMIT: {{ .Values.broker.deliveryLimit | quote }}
BROKER_DEAD_LETTER_TTL: {{ .Values.broker.deadLetterTtl | quote }}
BROKER_DEAD_LETTER_MAX_LENGTH: {{ .Values.broker.deadLetterMaxLength | quote }}
BROKER_CONNECT_TIMEOUT: {{ .Values.broker.connectTimeout | quote }}
BROKER_RECOVERY_INTERVAL: {{ .Values.broker.recoveryInterval | quote }}
# the heap share of JAVA_TOOL_OPTIONS (configmap.yaml) for the start script of Quarkus's default base image, whose own
# default (80) would win otherwise
JAVA_MAX_MEM_RATIO: {{ .Values.heapPercentage | quote }}
{{- end -}}

{{/* Credentials: always references to existing Secrets, never values. */}}
{{- define "provtest.secretEnv" -}}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.usernameKey }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.passwordKey }}
- name: BROKER_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .Values.broker.existingSecret }}
      key: {{ .Values.broker.usernameKey }}
- name: BROKER_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.broker.existingSecret }}
      key: {{ .Values.broker.passwordKey }}
{{- end -}}

{{- define "provtest.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: http
  periodSeconds: {{ .Values.probes.startup.periodSeconds }}
  failureThreshold: {{ .Values.probes.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
  timeoutSeconds: {{ .Values.probes.liveness.timeoutSeconds }}
  failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
  timeoutSeconds: {{ .Values.probes.readiness.timeoutSeconds }}
  failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
{{- end -}}

{{- define "provtest.podAnnotations" -}}
checksum/config: {{ include (print .root.Template.BasePath "/configmap.yaml") .root | sha256sum }}
{{- if .root.Values.metrics.annotations }}
prometheus.io/scrape: "true"
prometheus.io/path: /q/metrics
prometheus.io/port: {{ (index .root.Values .component).port | quote }}
{{- end }}
{{- end -}}
