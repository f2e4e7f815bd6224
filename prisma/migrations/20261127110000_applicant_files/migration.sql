-- CreateTable
CREATE TABLE "applicant_files" (
    "id" SERIAL NOT NULL,
    "conversation_id" INTEGER NOT NULL,
    "message_id" BIGINT NOT NULL,
    "position" INTEGER NOT NULL,
    "filename" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "applicant_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "applicant_files_conversation_id_idx" ON "applicant_files"("conversation_id");

-- CreateIndex
CREATE UNIQUE INDEX "applicant_files_message_id_position_key" ON "applicant_files"("message_id", "position");

-- AddForeignKey
ALTER TABLE "applicant_files" ADD CONSTRAINT "applicant_files_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


ALTER TABLE "applicant_files" ADD CONSTRAINT "applicant_files_size" CHECK ("size_bytes" = octet_length("bytes") AND "size_bytes" <= 10485760);
