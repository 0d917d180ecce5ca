# syntax=docker/dockerfile:1
# The Forms API image: docker build -t forms-api . (see docs/OPERATIONS.md, "Deployment").

# Build: the Maven wrapper, dependencies in their own layer so that a change of code does not fetch them again.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/forms-api-*-exec.jar extract --layers --launcher --destination /layers

# Run: a JRE only, the jar's layers from the least to the most often changed, as a user without privileges.
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 forms \
 && useradd --system --uid 10001 --gid forms --home-dir /app --shell /usr/sbin/nologin forms \
 && mkdir -p /app/data \
 && chown forms:forms /app/data
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER forms:forms
# The heap follows the container's memory limit instead of the host's; the rest of the limit is left to metaspace,
# threads, direct buffers (Lettuce, Tomcat) and the embedded store's page cache when it runs in-process.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    PORT=8080 \
    MANAGEMENT_PORT=8081 \
    FORMS_STORE_DATA_DIR=/app/data
EXPOSE 8080 8081
# Liveness only: an instance whose MongoDB or Redis is down is alive and must not be restarted for it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/livez" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
